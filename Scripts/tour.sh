#!/usr/bin/env bash
# The README tour as a script: the registry, one device and one oracle, step by step with the CLI, on the
# embedded SQLite default (the run command, Scripts/run.sh, is `helio demo`). What it does:
#   1. create a registry in ./tour-output/registry (SUN reward asset, checkpoint key, issuing body);
#   2. serve it on 127.0.0.1;
#   3. the issuing body registers an oracle and a solar device (Copenhagen, 5 kW) and assigns the oracle;
#   4. the oracle simulates yesterday's production (clear-sky curve with clouds) and posts signed readings;
#   5. show the SUN minted to the owner and the issuance trail, stop the server gracefully;
#   6. replay the journal and verify the Merkle log and its signed checkpoints offline.
# Keys: the TEST-ONLY keystores of Keys/test (public mnemonic, password helio-test-only). Never real value.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh
swift build -c release --product helio
HELIO="$(swift build -c release --show-bin-path)/helio"

export HELIO_PASSWORD="helio-test-only"   # the published password of the test keys; demo only
BODY="$(ls Keys/test/*f39fd6e51aad88f6f4ce6ab8827279cfffb92266)"
ORACLE_KEY="$(ls Keys/test/*3c44cdddb6a900fa2b585dd299e03d12fa4293bc)"
ORACLE=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
OWNER=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65
DATA=tour-output/registry
PORT="${HELIO_DEMO_PORT:-7318}"
SERVER="http://127.0.0.1:$PORT"
YESTERDAY="$(date -u -d yesterday +%Y-%m-%d)"

rm -rf "$DATA"
mkdir -p tour-output
echo "== helio registry init"
"$HELIO" registry init --data-dir "$DATA" --name helio-demo --chain-id 7317 \
    --issuing-body 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 --light

echo "== helio serve ($SERVER)"
"$HELIO" serve --data-dir "$DATA" --port "$PORT" --log-level warning &
SERVE_PID=$!
trap 'kill $SERVE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

echo "== helio admin: register an oracle and a solar device, assign the oracle"
"$HELIO" admin register-oracle --server "$SERVER" --keystore "$BODY" --address "$ORACLE" --name "rooftop meter module"
"$HELIO" admin register-device --server "$SERVER" --keystore "$BODY" --id DK-DEMO-1 --name "Demo rooftop PV" \
    --owner "$OWNER" --energy-source F01040100 --technology T010101 --capacity-w 5000 \
    --commissioning-date 2021-06-01 --country DK --lat 55.676098 --lon 12.568337 --grid-area DK2 \
    --meter 571313180400000028:900
"$HELIO" admin assign --server "$SERVER" --keystore "$BODY" --meter 571313180400000028 --oracle "$ORACLE" \
    --quorum 1 --valid-from 2021-06-01T00:00:00Z

echo "== helio oracle simulate: $YESTERDAY, 15-minute readings, signed by the oracle"
"$HELIO" oracle simulate --server "$SERVER" --keystore "$ORACLE_KEY" --meter 571313180400000028 \
    --capacity-w 5000 --lat 55.676098 --lon 12.568337 --date "$YESTERDAY" --clouds 0.3 --seed 7

echo "== what the owner got (GET /v1/accounts/$OWNER/balances) and the issuance trail"
python3 - "$SERVER" "$OWNER" <<'PY'
import json, sys, urllib.request
server, owner = sys.argv[1], sys.argv[2]
get = lambda path: json.load(urllib.request.urlopen(server + path, timeout=10))
for b in get(f"/v1/accounts/{owner}/balances")["balances"]:
    units = int(b["amount"])
    whole, frac = divmod(units, 10**18)  # integers only: 18 decimals, 1 Wh = 10^12 base units
    print(f"{b['symbol']}: {units} base units = {units // 10**12} Wh = {whole}.{frac:018d} {b['symbol']}")
trail = get("/v1/devices/DK-DEMO-1/issuance")
print(f"issuances: {len(trail['issuances'])} periods, {trail['totalEnergyWh']} Wh, each traced to its signed reading")
if trail["issuances"]:
    first = trail["issuances"][0]
    print("first:", json.dumps({k: first[k] for k in ("periodStart", "periodEnd", "energyWh", "reward", "entry", "readings")}))
PY

echo "== stop the server (SIGTERM: in-flight requests finish, a last checkpoint is signed)"
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" || true
trap - EXIT

echo "== helio replay and helio log verify"
"$HELIO" replay --data-dir "$DATA"
"$HELIO" log verify --data-dir "$DATA"
