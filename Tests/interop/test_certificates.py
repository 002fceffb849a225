"""Certificates end to end, through a real `helio serve` and the `helio` command line.

An issuing body (the TEST-ONLY key of Keys/test) registers, with eth-account, the readings world of
test_readings plus a 2 MW solar device on the equator at 0° E owned by OWNER; `helio admin
certificate-settings` (the registry key) and `helio admin issuance-policy` (the issuing body) make its energy
GOs and GCs. Readings for yesterday 09:00–12:30 UTC (15-minute periods, sun high) then issue, in journal
order:

    hour 09:00  4 × 100,000 Wh    GC-1  400,000 Wh            GO carry   400,000
    hour 10:00  4 × 150,000 Wh    GO-2  1,000,000 Wh (09–11)  GC-3  600,000 Wh, carry 0
    hour 11:00  4 × 300,000 Wh    GO-4  1,000,000 Wh (11–12)  GC-5  1,200,000 Wh, carry 200,000
    hour 12:00  2 ×  50,000 Wh    (hour pending: half covered)          carry 300,000

OWNER transfers 500,000 Wh of GC-5.0 to SECOND (`helio cert transfer`, GC-5.1), SECOND cancels 300,000 Wh of
it for "ACME" (`helio cert cancel`, GC-5.2), and OWNER cancels 250,000 Wh of GC-3.0 for ACME. The statements
are checked by `helio verify` and by the independent Python verifier (statement_verifier.py), untouched and
with single bytes flipped; `helio cert match` matches them against an hourly consumption CSV.
"""
import datetime
import json
import re

import pytest
from eth_account import Account

from conftest import ROOT, Helio, start_server
from statement_verifier import StatementError, verify_aggregate, verify_statement
from test_readings import DAY, YESTERDAY, command, issuing_body, populate, signed

PASSWORD = "helio-test-only"  # the TEST-ONLY keystores of Keys/test
REGISTRY_PASSWORD = "interop password"  # conftest.start_server's registry key
KEYS = ROOT / "Keys" / "test"
ISSUER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
OWNER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"
SECOND = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
OUTSIDER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"
DEVICE = "dev-solar-2mw"
METER = "571313180400000777"
CAPACITY_W = 2_000_000  # a 15-minute period may carry up to 2 MW × 0.25 h × 110 % = 550,000 Wh
Q = 900


def hour(h: int) -> int:
    """Unix seconds of yesterday h:00 UTC."""
    return YESTERDAY + h * 3600


def iso(t: int) -> str:
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


H9, H10, H11, H12, H13 = (hour(h) for h in (9, 10, 11, 12, 13))
ENERGY = {H9: [100_000] * 4, H10: [150_000] * 4, H11: [300_000] * 4, H12: [50_000] * 2}


def keystore(address: str) -> str:
    return str(next(KEYS.glob("UTC--*--" + address[2:].lower())))


def key_of(address: str):
    return Account.from_key(Account.decrypt((next(KEYS.glob("UTC--*--" + address[2:].lower()))).read_text(),
                                            PASSWORD))


def get(server, path):
    status, _, body = server.request("GET", path)
    assert status == 200, (path, body)
    return body


def entries(server) -> int:
    return get(server, "/healthz")["entries"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("certificates")
    server = start_server(tmp, issuing_body().address, name="certificates")
    try:
        w = populate(server)
        helio = Helio(tmp)
        helio.env["HELIO_SERVER"] = server.base
        w.update(helio=helio, tmp=tmp, registry_address=server.init["checkpointAddress"])
        register_big_device(w)
        configure_with_the_cli(w)
        submit_readings(w)
        yield w
    finally:
        server.stop()


def register_big_device(w):
    server, eip712, issuer = w["server"], w["eip712"], issuing_body()
    device = {
        "id": DEVICE, "name": "Equator 2 MW", "owner": OWNER, "codeList": "eecs-fs5-v1", "energySource": "F01040100",
        "technology": "T010101", "capacityW": CAPACITY_W, "commissioningDate": "2021-06-01", "country": "DK",
        "latitudeE6": 0, "longitudeE6": 0, "gridArea": "DK1", "support": "none",
        "meters": [{"id": METER, "intervalSeconds": Q}],
    }
    assignment = {"meter": METER, "oracles": [w["a"].address], "quorum": 1, "validFrom": YESTERDAY - DAY}
    nonce = get(server, f"/v1/accounts/{issuer.address}/balances")["nonce"]
    status, _, reply = server.request("POST", "/v1/commands", [
        command(eip712, issuer.key, "RegisterDevice", {"device": device}, device, nonce),
        command(eip712, issuer.key, "AssignOracles", assignment, assignment, nonce + 1),
    ])
    assert status == 200 and [r["accepted"] for r in reply["results"]] == [True, True], reply


def configure_with_the_cli(w):
    helio, server = w["helio"], w["server"]
    out = helio.run("admin", "certificate-settings", "--issuer", "Interop Issuing Body", "--go-expiry-months", 12,
                    "--gc-expiry-days", 730, "--keystore", server.init["checkpointKeystore"],
                    password=REGISTRY_PASSWORD).stdout
    assert re.fullmatch(r"ConfigureCertificates accepted: entry \d+, leaf hash 0x[0-9a-f]{64}, nonce 2\n", out), out
    out = helio.run("admin", "issuance-policy", "--device", DEVICE, "--schemes", "GO,GC", "--keystore",
                    keystore(ISSUER), password=PASSWORD).stdout
    match = re.fullmatch(r"SetIssuancePolicy accepted: entry (\d+), leaf hash 0x[0-9a-f]{64}, nonce 6\n", out)
    assert match, out
    w["policy_entry"] = int(match.group(1))


def submit_readings(w):
    server, eip712, oracle = w["server"], w["eip712"], w["a"]
    for start, energies in ENERGY.items():
        readings = [signed(eip712, oracle.key, {"meter": METER, "periodStart": start + i * Q,
                                                 "periodEnd": start + (i + 1) * Q, "energyWh": e})
                    for i, e in enumerate(energies)]
        status, _, reply = server.request("POST", "/v1/readings", {"readings": readings})
        assert status == 200 and reply["accepted"] == len(readings), reply


def cli_cancel(w, holder, part, wh, *extra):
    return w["helio"].run("cert", "cancel", "--part", part, "--wh", wh, "--beneficiary", "ACME",
                          "--beneficiary-address", "1 Harbour Street, Aarhus", "--purpose", "24/7 matching",
                          "--consumption-start", iso(H9), "--consumption-end", H13, "--location", "DK1",
                          "--keystore", keystore(holder), *extra, password=PASSWORD)


@pytest.fixture(scope="module")
def cancelled(world):
    """OWNER → SECOND 500,000 Wh of GC-5.0; SECOND cancels 300,000 Wh of GC-5.1 for ACME (statement saved);
    OWNER cancels 250,000 Wh of GC-3.0 for ACME."""
    helio, tmp = world["helio"], world["tmp"]
    out = helio.run("cert", "transfer", "--part", "GC-5.0", "--to", SECOND, "--wh", 500_000, "--keystore",
                    keystore(OWNER), password=PASSWORD).stdout
    assert re.fullmatch(rf"transferred 500000 Wh of GC-5\.0 to {SECOND} as GC-5\.1: entry \d+, "
                        r"leaf hash 0x[0-9a-f]{64}, nonce 0\n", out), out
    out = cli_cancel(world, SECOND, "GC-5.1", 300_000, "--statement-out", tmp / "single.json").stdout
    saved = re.escape(f"statement saved to {tmp / 'single.json'}")
    match = re.fullmatch(r'cancellation (\d+): 300000 Wh of GC-5\.1 for "ACME" \(part GC-5\.2, lot GC-5, '
                         r"leaf hash 0x[0-9a-f]{64}\)\n" + saved + "\n", out)
    assert match, out
    second = json.loads(helio.run("cert", "cancel", "--json", "--part", "GC-3.0", "--wh", 250_000, "--beneficiary",
                                  "ACME", "--purpose", "24/7 matching", "--consumption-start", H9,
                                  "--consumption-end", iso(H13), "--location", "DK1", "--keystore", keystore(OWNER),
                                  password=PASSWORD).stdout)
    assert (second["part"], second["lot"]) == ("GC-3.1", "GC-3")
    assert second["statement"] == f"/v1/cancellations/{second['id']}/statement"
    return {"first": match.group(1), "second": second["id"], "single": tmp / "single.json"}


# ---------------------------------------------------------------------------------------------------------
# Issuance


def test_gc_lots_per_hour_and_go_lots_per_whole_mwh(world):
    server = world["server"]
    parts = get(server, f"/v1/certificates?device={DEVICE}")["certificates"]
    assert [(p["id"], p["scheme"], p["volumeWh"], p["productionStart"], p["productionEnd"]) for p in parts] == [
        ("GC-1.0", "GC", 400_000, H9, H10), ("GO-2.0", "GO", 1_000_000, H9, H11), ("GC-3.0", "GC", 600_000, H10, H11),
        ("GO-4.0", "GO", 1_000_000, H11, H12), ("GC-5.0", "GC", 1_200_000, H11, H12)]
    assert {p["owner"] for p in parts} == {OWNER} and {p["status"] for p in parts} == {"active"}
    assert len(get(server, f"/v1/certificates?device={DEVICE}&scheme=GC")["certificates"]) == 3

    lot = get(server, "/v1/certificates/GC-5")["lot"]
    assert lot["issuer"] == "Interop Issuing Body" and lot["issuingBody"] == ISSUER
    assert lot["expiresAt"] == H12 + 730 * DAY and lot["readingCount"] == 4 and len(lot["readings"]) == 4
    assert lot["gridArea"] == "DK1" and lot["energyCarrier"] == "electricity"
    # No lot from the small device (no policy), nothing from the half-covered 12:00 hour.
    assert get(server, "/v1/certificates?device=dev-solar-1")["certificates"] == []


def test_go_carry_invariant_and_the_pending_hour(world):
    server = world["server"]
    view = get(server, f"/v1/devices/{DEVICE}/certificates")
    assert view["policy"] == {"schemes": ["GC", "GO"], "issuingBody": ISSUER, "since": world["policy_entry"]}
    assert view["goCarry"] == {"energyWh": 300_000, "periodStart": H11 + 3 * Q, "periodEnd": H12 + 2 * Q}
    assert view["pendingHours"] == [{"hourStart": H12, "energyWh": 100_000, "coveredSeconds": {METER: 1800}}]

    go = sum(p["volumeWh"] for p in get(server, f"/v1/certificates?device={DEVICE}&scheme=GO")["certificates"])
    trail = get(server, f"/v1/devices/{DEVICE}/issuance")["issuances"]
    issued = sum(i["energyWh"] for i in trail if i["entry"] > world["policy_entry"])
    assert issued == sum(map(sum, ENERGY.values())) == 2_300_000
    assert go + view["goCarry"]["energyWh"] == issued


def test_issuance_policy_none_and_a_bad_scheme(world):
    helio, server = world["helio"], world["server"]
    out = helio.run("admin", "issuance-policy", "--device", "dev-solar-1", "--schemes", "none", "--keystore",
                    keystore(ISSUER), password=PASSWORD).stdout
    assert out.startswith("SetIssuancePolicy accepted: entry ")
    assert get(server, "/v1/devices/dev-solar-1/certificates")["policy"]["schemes"] == []
    proc = helio.run("admin", "issuance-policy", "--device", DEVICE, "--schemes", "GO,XX", "--keystore",
                     keystore(ISSUER), password=PASSWORD, check=False)
    assert proc.returncode != 0 and '"XX" is not GO or GC' in proc.stderr
    refused = helio.fail("admin", "issuance-policy", "--device", "no-such-device", "--schemes", "GC", "--keystore",
                         keystore(ISSUER), password=PASSWORD)
    assert refused.startswith("unknown_device: ")


def test_cert_list_and_show(world):
    helio = world["helio"]
    table = helio.run("cert", "list", "--device", DEVICE, "--scheme", "GC").stdout.splitlines()
    assert table[0].split() == ["part", "lot", "scheme", "device", "production", "wh", "status", "owner"]
    assert [line.split() for line in table[1:]] == [
        ["GC-1.0", "GC-1", "GC", DEVICE, f"{iso(H9)}/{iso(H10)}", "400000", "active", OWNER],
        ["GC-3.0", "GC-3", "GC", DEVICE, f"{iso(H10)}/{iso(H11)}", "600000", "active", OWNER],
        ["GC-5.0", "GC-5", "GC", DEVICE, f"{iso(H11)}/{iso(H12)}", "1200000", "active", OWNER],
    ]
    listed = helio.json("cert", "list", "--owner", OWNER, "--scheme", "GO")["certificates"]
    assert [p["id"] for p in listed] == ["GO-2.0", "GO-4.0"]
    assert helio.run("cert", "list", "--owner", OUTSIDER).stdout == "no certificates\n"

    lot = helio.run("cert", "show", "GO-2").stdout
    assert lot.startswith(f"lot GO-2: GO, 1000000 Wh, active\ndevice: {DEVICE} \"Equator 2 MW\", F01040100/T010101, "
                          f"2000000 W, DK, grid area DK1\nproduction: {iso(H9)}/{iso(H11)}\n"), lot
    assert "by \"Interop Issuing Body\" (issuing body " + ISSUER + ")" in lot and "readings: 8, root 0x" in lot
    assert "\nparts:\npart " in lot and "GO-2.0" in lot
    assert helio.json("cert", "show", "GO-2")["lot"]["volumeWh"] == 1_000_000
    assert helio.fail("cert", "show", "GC-99").startswith("not_found: ")


# ---------------------------------------------------------------------------------------------------------
# Transfer, cancellation, statements


def test_transfer_and_cancel_build_the_lineage(world, cancelled):
    helio, server = world["helio"], world["server"]
    parts = {p["id"]: p for p in get(server, "/v1/certificates/GC-5")["parts"]}
    assert {k: (p["owner"], p["volumeWh"], p["createdWh"], p["status"]) for k, p in parts.items()} == {
        "GC-5.0": (OWNER, 700_000, 1_200_000, "active"), "GC-5.1": (SECOND, 200_000, 500_000, "active"),
        "GC-5.2": (SECOND, 0, 300_000, "cancelled")}
    shown = helio.run("cert", "show", "GC-5.2").stdout.splitlines()
    assert shown[0] == f"part GC-5.2 of lot GC-5 (GC): 0 Wh of 300000, cancelled, owner {SECOND}"
    assert shown[2] == "lineage:"
    assert [line.split()[:4] for line in shown[4:]] == [
        ["GC-5.0", "issued", "1200000", OWNER], ["GC-5.1", "GC-5.0", "500000", SECOND],
        ["GC-5.2", "GC-5.1", "300000", SECOND]]
    assert shown[-1].split()[-2:] == [cancelled["first"], "cancelled"]
    mine = helio.run("cert", "list", "--owner", SECOND, "--status", "cancelled").stdout.splitlines()
    assert len(mine) == 2 and mine[1].split()[5:] == ["300000", "cancelled", SECOND]
    listed = get(server, f"/v1/cancellations?holder={SECOND}")["cancellations"]
    assert [(c["id"], c["fromPart"], c["part"], c["volumeWh"]) for c in listed] == [
        (cancelled["first"], "GC-5.1", "GC-5.2", 300_000)]


def test_the_statement_verifies_with_helio_and_with_python(world, cancelled):
    helio, address = world["helio"], world["registry_address"]
    doc = json.loads(cancelled["single"].read_text())
    assert doc["beneficiary"]["name"] == "ACME" and doc["beneficiary"]["address"] == "1 Harbour Street, Aarhus"
    assert [s["part"] for s in doc["lineage"]] == ["GC-5.0", "GC-5.1", "GC-5.2"]
    size = int(doc["checkpoint"].split("\n")[1])
    out = helio.run("verify", cancelled["single"], "--registry-address", address).stdout
    assert out == f'statement holds: cancellation {cancelled["first"]}, GC-5, 300000 Wh for "ACME", ' \
                  f"checkpoint of {size} entries\n"
    verify_statement(doc, address)
    report = helio.json("verify", cancelled["single"], "--registry-address", address)
    assert report["holds"] and report["format"] == "helio-cancellation-statement/v1"
    assert report["cancellations"][0] == dict(
        cancellation=cancelled["first"], lot="GC-5", scheme="GC", volumeWh=300_000, beneficiary="ACME",
        productionStart=H11, productionEnd=H12, consumptionStart=H9, consumptionEnd=H13, gridArea="DK1",
        checkpointSize=size)
    # `cert statement` fetches the same cancellation (under the latest checkpoint, which may be newer).
    fetched = json.loads(helio.run("cert", "statement", cancelled["first"]).stdout)
    assert (fetched["entry"], fetched["cancellation"], fetched["beneficiary"]) == \
        (doc["entry"], doc["cancellation"], doc["beneficiary"])
    verify_statement(fetched, address)


def flip(hex_text: str, byte: int) -> str:
    data = bytearray.fromhex(hex_text[2:])
    data[byte] ^= 0x01
    return "0x" + data.hex()


def flip_checkpoint_timestamp(note: str) -> str:
    lines = note.split("\n")
    lines[3] = lines[3][:-1] + chr(ord(lines[3][-1]) ^ 0x01)  # a digit stays a digit
    return "\n".join(lines)


def flip_checkpoint_signature(note: str) -> str:
    head, signature = note.rsplit(" ", 1)
    return head + " " + flip(signature.strip(), 10) + ("\n" if note.endswith("\n") else "")


ENTRY_NOT_PROVEN = "inclusionProof: the inclusion proof of the cancellation entry does not lead to the checkpoint root"
BAD_CHECKPOINT = "checkpoint: the signature does not recover the registry address"
# what is flipped: (how, what `helio verify` says, the Python verifier's (check, field))
TAMPERS = {
    "entry payload": (lambda d: d["entry"].update(payload=flip(d["entry"]["payload"], 40)),
                      ENTRY_NOT_PROVEN, (4, "inclusionProof")),
    "proof hash": (lambda d: d["inclusionProof"].__setitem__(0, flip(d["inclusionProof"][0], 0)),
                   ENTRY_NOT_PROVEN, (4, "inclusionProof")),
    "checkpoint text": (lambda d: d.update(checkpoint=flip_checkpoint_timestamp(d["checkpoint"])),
                        BAD_CHECKPOINT, (3, "checkpoint signature")),
    "checkpoint signature": (lambda d: d.update(checkpoint=flip_checkpoint_signature(d["checkpoint"])),
                             BAD_CHECKPOINT, (3, "checkpoint signature")),
    "beneficiary salt": (lambda d: d["beneficiary"].update(salt=flip(d["beneficiary"]["salt"], 0)),
                         "beneficiary: the opening (salt, name, address) does not hash to the commitment",
                         (6, "beneficiary")),
}


@pytest.mark.parametrize("what", TAMPERS)
def test_a_flipped_byte_is_refused_by_both_verifiers(world, cancelled, tmp_path, what):
    tamper, swift_says, python_says = TAMPERS[what]
    doc = json.loads(cancelled["single"].read_text())
    tamper(doc)
    (tmp_path / "tampered.json").write_text(json.dumps(doc))
    message = world["helio"].fail("verify", tmp_path / "tampered.json", "--registry-address", world["registry_address"])
    assert message.startswith(swift_says), message
    with pytest.raises(StatementError) as refused:
        verify_statement(doc, world["registry_address"])
    assert (refused.value.check, refused.value.field) == python_says, str(refused.value)


def test_a_statement_for_another_registry_and_bad_inputs_are_refused(world, cancelled, tmp_path):
    helio = world["helio"]
    message = helio.fail("verify", cancelled["single"], "--registry-address", OUTSIDER)
    assert message.startswith("registry.checkpointAddress: this statement is for another registry"), message
    with pytest.raises(StatementError) as refused:
        verify_statement(json.loads(cancelled["single"].read_text()), OUTSIDER)
    assert refused.value.check == 2
    assert helio.fail("verify", cancelled["single"], "--registry-address", "0x1234") == \
        "--registry-address 0x1234 is not an address"
    assert helio.fail("verify", tmp_path / "missing.json", "--registry-address", OUTSIDER) == \
        f"cannot read {tmp_path / 'missing.json'}"


# ---------------------------------------------------------------------------------------------------------
# Refusals


def post_signed(world, holder: str, kind: str, body: dict):
    """POSTs a command signed with eth-account by `holder` (next nonce): (status, problem or receipt)."""
    server, key = world["server"], key_of(holder)
    nonce = get(server, f"/v1/accounts/{holder}/balances")["nonce"]
    signed_command = command(world["eip712"], key.key, kind, body, body, nonce)
    status, _, reply = server.request("POST", "/v1/commands", signed_command)
    return status, reply


def test_refused_transfers_change_nothing(world, cancelled):
    helio, server = world["helio"], world["server"]
    before = (get(server, "/v1/certificates/GC-5"), entries(server),
              [get(server, f"/v1/accounts/{a}/balances")["nonce"] for a in (OWNER, SECOND, OUTSIDER)])
    cases = [  # holder, part, Wh, code, HTTP status
        (SECOND, "GC-5.1", 200_001, "insufficient_certificate", 409),
        (SECOND, "GC-5.2", 1, "certificate_cancelled", 409),
        (OUTSIDER, "GC-5.0", 1, "not_holder", 403),
    ]
    for holder, part, wh, code, http in cases:
        message = helio.fail("cert", "transfer", "--part", part, "--to", OUTSIDER, "--wh", wh, "--keystore",
                             keystore(holder), password=PASSWORD)
        assert message.startswith(f"{code}: "), message
        status, problem = post_signed(world, holder, "TransferCertificate", {"part": part, "to": OUTSIDER,
                                                                              "volumeWh": wh})
        assert (status, problem["code"]) == (http, code), problem
    assert helio.fail("cert", "transfer", "--part", "GC-5.0", "--to", OUTSIDER, "--wh", 1, "--keystore",
                      keystore(OUTSIDER), "--nonce", 0, password=PASSWORD).startswith("not_holder: ")
    # A cancellation without its beneficiary's opening is refused at the edge: its statement could never name one.
    status, problem = post_signed(world, SECOND, "CancelCertificate", {
        "part": "GC-5.1", "volumeWh": 1, "beneficiaryCommitment": "0x" + "11" * 32, "purpose": "p",
        "consumptionStart": 0, "consumptionEnd": 1, "location": "DK1"})
    assert (status, problem["code"]) == (422, "opening_required"), problem
    after = (get(server, "/v1/certificates/GC-5"), entries(server),
             [get(server, f"/v1/accounts/{a}/balances")["nonce"] for a in (OWNER, SECOND, OUTSIDER)])
    assert after == before


def test_withdrawn_lots_stop_and_lots_with_cancellations_cannot_be_withdrawn(world, cancelled):
    helio, server = world["helio"], world["server"]
    out = helio.run("admin", "withdraw-lot", "--lot", "GC-1", "--reason", "meter misread", "--keystore",
                    keystore(ISSUER), password=PASSWORD).stdout
    assert out.startswith("WithdrawLot accepted: entry ")
    lot = get(server, "/v1/certificates/GC-1")["lot"]
    assert (lot["status"], lot["statusReason"]) == ("withdrawn", "meter misread")
    assert "lot GC-1: GC, 400000 Wh, withdrawn (meter misread)" in helio.run("cert", "show", "GC-1").stdout
    assert helio.fail("cert", "transfer", "--part", "GC-1.0", "--to", SECOND, "--wh", 1, "--keystore",
                      keystore(OWNER), password=PASSWORD).startswith("certificate_withdrawn: ")
    assert [p["id"] for p in get(server, "/v1/certificates?status=withdrawn")["certificates"]] == ["GC-1.0"]

    size = entries(server)
    message = helio.fail("admin", "withdraw-lot", "--lot", "GC-5", "--reason", "too late", "--keystore",
                         keystore(ISSUER), password=PASSWORD)
    assert message.startswith("lot_has_cancellations: "), message
    assert get(server, "/v1/certificates/GC-5")["lot"]["status"] == "active" and entries(server) == size


# ---------------------------------------------------------------------------------------------------------
# Aggregate statement and 24/7 matching


@pytest.fixture(scope="module")
def aggregate(world, cancelled):
    """ACME's aggregate statement over [09:00, 13:00) yesterday, plus a GO cancellation for ACME a week
    earlier (outside that window) that `cert match --beneficiary` sees and leaves out."""
    helio = world["helio"]
    helio.run("cert", "cancel", "--part", "GO-2.0", "--wh", 100_000, "--beneficiary", "ACME", "--purpose", "annual",
              "--consumption-start", H9 - 7 * DAY, "--consumption-end", H9 - 6 * DAY, "--location", "DK",
              "--keystore", keystore(OWNER), password=PASSWORD)
    path = world["tmp"] / "aggregate.json"
    out = helio.run("cert", "statement", "--beneficiary", "ACME", "--from", iso(H9), "--to", H13, "--out", path).stdout
    assert out == f'aggregate statement for "ACME": 2 cancellations, 550000 Wh, saved to {path}\n'
    return path


def test_the_aggregate_statement_verifies_and_totals(world, cancelled, aggregate):
    helio, address = world["helio"], world["registry_address"]
    doc = json.loads(aggregate.read_text())
    assert (doc["beneficiary"], doc["from"], doc["to"], doc["totalWh"]) == ("ACME", H9, H13, 550_000)
    verify_aggregate(doc, address)
    lines = helio.run("verify", aggregate, "--registry-address", address).stdout.splitlines()
    size = int(doc["statements"][0]["checkpoint"].split("\n")[1])
    assert lines == [
        f'statement holds: cancellation {cancelled["first"]}, GC-5, 300000 Wh for "ACME", checkpoint of {size} '
        "entries",
        f'statement holds: cancellation {cancelled["second"]}, GC-3, 250000 Wh for "ACME", checkpoint of {size} '
        "entries",
    ]
    doc["totalWh"] += 1
    (world["tmp"] / "wrong-total.json").write_text(json.dumps(doc))
    assert helio.fail("verify", world["tmp"] / "wrong-total.json", "--registry-address", address).startswith("totalWh")
    with pytest.raises(StatementError):
        verify_aggregate(doc, address)


CONSUMPTION = {H9: 100_000, H10: 200_000, H11: 400_000, H12: 0}


def consumption_csv(path, rows=CONSUMPTION):
    path.write_text("hour_start,consumption_wh\n" + "".join(f"{iso(h)},{wh}\n" for h, wh in rows.items()))
    return path


def test_match_table_csv_and_json(world, aggregate):
    helio, address, csv = world["helio"], world["registry_address"], consumption_csv(world["tmp"] / "use.csv")
    base = ("cert", "match", "--consumption", csv)
    proc = helio.run(*base, "--statement", aggregate, "--registry-address", address)
    assert proc.stderr == ""
    assert proc.stdout == (
        "hour_start            consumption_wh  supply_wh  matched_wh  surplus_wh     share\n"
        f"{iso(H9)}          100000          0           0           0    0.00 %\n"
        f"{iso(H10)}          200000     250000      200000       50000  100.00 %\n"
        f"{iso(H11)}          400000     300000      300000           0   75.00 %\n"
        f"{iso(H12)}               0          0           0           0         -\n"
        "total                         700000     550000      500000       50000   71.42 %\n"
        "hours fully matched: 1 of 3 with consumption\n"), proc.stdout

    csv_out = helio.run(*base, "--statement", aggregate, "--registry-address", address, "--format", "csv").stdout
    assert csv_out == ("hour_start,consumption_wh,supply_wh,matched_wh,share_percent\n"
                       f"{iso(H9)},100000,0,0,0.00\n{iso(H10)},200000,250000,200000,100.00\n"
                       f"{iso(H11)},400000,300000,300000,75.00\n{iso(H12)},0,0,0,\n")

    # From the server, checked against its own address: the GO cancellation is seen and left out; both said.
    proc = helio.run(*base, "--beneficiary", "ACME", "--format", "json")
    assert proc.stderr.splitlines() == [
        f"helio: note: verified against the server's own checkpoint address {address}; "
        "pass --registry-address to check it against the address you trust",
        "helio: note: 1 non-GC cancellation(s), 100000 Wh, are not hourly and are left out"]
    report = json.loads(proc.stdout)
    assert report["overall"] == {
        "hours": 4, "hoursWithConsumption": 3, "hoursFullyMatched": 1, "consumptionWh": 700_000,
        "supplyWh": 550_000, "matchedWh": 500_000, "surplusWh": 50_000, "excludedWh": 0, "unmatchedSupplyWh": 0,
        "shareBasisPoints": 7142, "sharePercent": "71.42", "saturated": False}
    assert [(h["hourStart"], h["matchedWh"], h.get("sharePercent")) for h in report["hours"]] == [
        (iso(H9), 0, "0.00"), (iso(H10), 200_000, "100.00"), (iso(H11), 300_000, "75.00"), (iso(H12), 0, None)]

    # Verified from the server too; another bidding zone excludes everything.
    other = json.loads(helio.run(*base, "--beneficiary", "ACME", "--registry-address", address,
                                 "--bidding-zone", "DK2", "--format", "json").stdout)
    assert (other["biddingZone"], other["overall"]["excludedWh"], other["overall"]["matchedWh"]) == ("DK2", 550_000, 0)


def test_match_refuses_a_gap_and_a_statement_that_does_not_hold(world, aggregate):
    helio, tmp = world["helio"], world["tmp"]
    gap = consumption_csv(tmp / "gap.csv", {H9: 1, H11: 2})
    message = helio.fail("cert", "match", "--consumption", gap, "--statement", aggregate)
    assert message == f"{gap}: line 3: gap: expected {iso(H10)}, got {iso(H11)}"
    message = helio.fail("cert", "match", "--consumption", consumption_csv(tmp / "fine.csv"), "--statement", aggregate)
    assert message == "a statement file is checked against a registry: give --registry-address ADDRESS"
    doc = json.loads(aggregate.read_text())
    doc["statements"][1]["cancellation"]["volumeWh"] += 1
    (tmp / "forged.json").write_text(json.dumps(doc))
    message = helio.fail("cert", "match", "--consumption", consumption_csv(tmp / "ok.csv"), "--statement",
                         tmp / "forged.json", "--registry-address", world["registry_address"])
    assert message.startswith("the statement does not hold: statements[1]: cancellation.volumeWh"), message


# ---------------------------------------------------------------------------------------------------------
# The log


def test_replay_and_log_verify_pass_on_the_data_dir(world, cancelled, aggregate):
    """Last: stops the server, then rebuilds every projection from the journal and audits the log."""
    server, helio = world["server"], world["helio"]
    size = entries(server)
    server.stop()
    replay = json.loads(helio.run("replay", "--data-dir", server.data_dir, "--json").stdout)
    assert replay["matches"] and replay["entries"] == size
    assert replay["replayed_digest"] == replay["stored_digest"]
    audit = json.loads(helio.run("log", "verify", "--data-dir", server.data_dir, "--checkpoint-address",
                                 world["registry_address"], "--json").stdout)
    assert audit["ok"] and audit["problems"] == [] and audit["entries"] == size
    assert audit["checkpoints_verified"] >= 2  # at least the statements' checkpoints and the one at shutdown
