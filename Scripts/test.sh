#!/usr/bin/env bash
# THE test command (README, .ci/run): installs what it needs, checks formatting, builds, runs the Swift
# tests, then the interop and CLI tests (pytest) against the freshly built `helio` binary.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/bootstrap.sh --python

echo "== swift-format lint"
swift format lint --strict --recursive --configuration .swift-format Package.swift Sources Tests

echo "== generated code is up to date"
python3 Scripts/gen-code-lists.py --check

echo "== swift build"
swift build --build-tests

echo "== swift test"
swift test --skip-build

echo "== interop and CLI tests (pytest)"
HELIO_BIN="$(swift build --show-bin-path)/helio" .venv/bin/python -m pytest -q Tests/interop
