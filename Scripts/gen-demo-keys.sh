#!/usr/bin/env bash
# Regenerates Keys/demo-network.json and the TEST-ONLY keystores in Keys/test/ from the public test
# mnemonic "test test … junk" (Hardhat's and anvil's). Anyone can recompute these private keys: they are
# for demos and tests only. Password of the keystores: helio-test-only (published on purpose).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product helio >/dev/null
HELIO="$(swift build --show-bin-path)/helio"
PHRASE="test test test test test test test test test test test junk"
export HELIO_PASSWORD="helio-test-only"
rm -rf Keys/test && mkdir -p Keys/test
roles=("issuing-body" "registry-checkpoint" "oracle-meter" "oracle-datahub" "producer" "consumer")
{
    echo "{"
    echo '  "warning": "TEST ONLY: derived from the public mnemonic \"test test ... junk\"; never hold value with these keys",'
    echo '  "mnemonic": "test test test test test test test test test test test junk",'
    echo '  "keystore_password": "helio-test-only",'
    echo '  "accounts": ['
    for i in "${!roles[@]}"; do
        out="$("$HELIO" wallet import --json --mnemonic "$PHRASE" --mnemonic-index "$i" --light --keystore-dir Keys/test)"
        address="$(echo "$out" | sed -n 's/.*"address" : "\(0x[0-9a-fA-F]*\)".*/\1/p')"
        file="$(basename "$(echo "$out" | sed -n 's/.*"path" : "\(.*\)".*/\1/p')")"
        sep=","; [ "$i" -eq $((${#roles[@]} - 1)) ] && sep=""
        echo "    {\"role\": \"${roles[$i]}\", \"path\": \"m/44'/60'/0'/0/$i\", \"address\": \"$address\", \"keystore\": \"test/$file\"}$sep"
    done
    echo "  ]"
    echo "}"
} > Keys/demo-network.json
echo "wrote Keys/demo-network.json and Keys/test/"
