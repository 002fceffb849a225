#!/usr/bin/env bash
# Installs what Helio needs on a fresh Debian machine with Swift: the system libraries (apt) and,
# with --python, a virtualenv under .venv/ holding the reference Python packages for interop tests.
# Idempotent: does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libsecp256k1-dev libssl-dev libsqlite3-dev pkg-config)
# The tests also drive a real browser (the explorer): Debian's Chromium and its WebDriver.
[ "${1:-}" = "--python" ] && packages+=(chromium chromium-driver)
need=()
for pkg in "${packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
    echo "bootstrap: installing ${need[*]}" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "${1:-}" = "--python" ]; then
    if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import eth_account, eth_keyfile, mnemonic, pytest, schemathesis, jsonschema, yaml, web3, coincurve, selenium" 2>/dev/null; then
        echo "bootstrap: creating .venv with the interop test packages" >&2
        python3 -m venv .venv
        .venv/bin/pip install -q --disable-pip-version-check -r Tests/interop/requirements.txt
    fi
fi
