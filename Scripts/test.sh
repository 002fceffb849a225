#!/usr/bin/env bash
# THE test command (README, .ci/run): installs what it needs, checks formatting, builds, runs the Swift
# tests, then the interop and CLI tests (pytest) against the freshly built `helio` binary — each suite twice:
# on the embedded SQLite default and on PostgreSQL (issue 8), the latter on a throw-away server started
# here on 127.0.0.1 (Scripts/postgres.sh) and stopped on any exit. The tests find it through
# HELIO_TEST_POSTGRES (its base URL; each test creates its own database) and pick the backend with
# HELIO_TEST_BACKEND=postgres; test_multinode.py uses the server in both runs.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/bootstrap.sh --python

echo "== PostgreSQL test server (Scripts/postgres.sh)"
pg_dir="$(mktemp -d)"
# Stops the server and removes its folder however this script ends (a failing step, Ctrl-C, SIGTERM).
trap 'Scripts/postgres.sh stop "$pg_dir" || true; rm -rf "$pg_dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
HELIO_TEST_POSTGRES="$(Scripts/postgres.sh start "$pg_dir")"
export HELIO_TEST_POSTGRES
echo "PostgreSQL at $HELIO_TEST_POSTGRES (log: $pg_dir/postgres.log)"

echo "== swift-format lint"
swift format lint --strict --recursive --configuration .swift-format Package.swift Sources Tests

echo "== generated code is up to date"
python3 Scripts/gen-code-lists.py --check

echo "== swift build"
swift build --build-tests

echo "== swift test (SQLite)"
env -u HELIO_TEST_BACKEND swift test --skip-build

echo "== swift test (PostgreSQL)"
HELIO_TEST_BACKEND=postgres swift test --skip-build

HELIO_BIN="$(swift build --show-bin-path)/helio"
export HELIO_BIN

echo "== interop and CLI tests (pytest, SQLite)"
env -u HELIO_TEST_BACKEND .venv/bin/python -m pytest -q Tests/interop

echo "== interop and CLI tests (pytest, PostgreSQL)"
HELIO_TEST_BACKEND=postgres .venv/bin/python -m pytest -q Tests/interop
