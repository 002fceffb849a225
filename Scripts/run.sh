#!/usr/bin/env bash
# THE run command (README): the registry's main job on the embedded SQLite default — `helio demo`.
# Installs the build's system libraries when missing, builds `helio` in release, then simulates a
# neighbourhood (12 rooftop PV roofs and a community wind turbine, 7 days, two oracles per meter) through
# the real HTTP API, prints the summary and writes demo-output/report.html.
# Arguments go to `helio demo`: e.g. `Scripts/run.sh --serve` keeps the registry and its explorer running
# on http://127.0.0.1:7318/, `Scripts/run.sh --days 2 --producers 4 --seed 11` is a smaller run.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh
swift build -c release --product helio
exec "$(swift build -c release --show-bin-path)/helio" demo "$@"
