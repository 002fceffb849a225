#!/usr/bin/env bash
# THE run command (README). Until the registry's main job lands, this walks through the wallet:
# create a keystore, sign a message, verify it, all in ./demo-output/keystore (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh
swift build -c release --product helio
HELIO="$(swift build -c release --show-bin-path)/helio"
mkdir -p demo-output
export HELIO_KEYSTORE="$PWD/demo-output/keystore"
export HELIO_PASSWORD="${HELIO_PASSWORD:-demo-password-not-secret}"
echo "== helio wallet new --light"
"$HELIO" wallet new --light --json | tee demo-output/new.json
ADDRESS="$(sed -n 's/.*"address" : "\(0x[0-9a-fA-F]*\)".*/\1/p' demo-output/new.json)"
echo "== helio wallet sign --account $ADDRESS 'hello from Helio'"
SIG="$("$HELIO" wallet sign --account "$ADDRESS" 'hello from Helio')"
echo "$SIG"
echo "== helio wallet verify"
"$HELIO" wallet verify --address "$ADDRESS" 'hello from Helio' "$SIG"
echo "== helio bench crypto"
"$HELIO" bench crypto --seconds 0.5
