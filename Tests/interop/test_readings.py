"""Interop: meter readings signed by eth-account, end to end through a real `helio serve`.

Everything the client signs is built from what the server publishes (GET /v1/eip712: domain and types),
never from Helio's own code: an issuing body (the TEST-ONLY key of Keys/test/) registers two oracles and
a solar device and assigns one oracle to the device's meter with EIP-712 commands; the oracle's readings
are then accepted and mint exactly energyWh × 10^12 SUN base units to the device owner, and each way a
reading can be forged or wrong is refused with its stable reason. A ReadingBatch's RFC 9162 root is
computed here with Scripts/merkle_reference.py from eth-account's hashStruct of each reading.

The registry's clock is real time, so periods are chosen relative to now: yesterday 11:00–12:45 UTC at
latitude 0, longitude 0 (sun up), and yesterday 00:00–00:15 UTC there (night).
"""
import hashlib
import sys
import time

import pytest
from eth_account import Account
from eth_account.messages import _hash_eip191_message, encode_typed_data

from conftest import ROOT, start_server

sys.path.insert(0, str(ROOT / "Scripts"))

import merkle_reference  # noqa: E402

TEST_KEYSTORE = next((ROOT / "Keys" / "test").glob("UTC--*--f39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
TEST_PASSWORD = "helio-test-only"
CHAIN_ID = 7317
METER = "571313180400000001"
DEVICE = "dev-solar-1"
# SUN base units per Wh: 18 decimals, 1 SUN = 1 MWh.
BASE_UNITS_PER_WH = 10**12

DAY = 86_400
YESTERDAY = int(time.time()) // DAY * DAY - DAY
SUN_UP = YESTERDAY + 11 * 3600  # 11:00 UTC: the sun is high over (0°, 0°)
NIGHT = YESTERDAY  # 00:00 UTC: the sun is far below the horizon at (0°, 0°)
Q = 900  # the meter's interval, seconds


def struct_types(eip712: dict, primary: str) -> dict:
    """The published types `primary` needs: EIP712Domain, itself and every struct it nests."""
    out, todo = {"EIP712Domain": eip712["types"]["EIP712Domain"]}, [primary]
    while todo:
        name = todo.pop()
        if name in out:
            continue
        out[name] = eip712["types"][name]
        todo += [f["type"].removesuffix("[]") for f in out[name] if f["type"].removesuffix("[]") in eip712["types"]]
    return out


def typed(eip712: dict, primary: str, message: dict, domain: dict = None) -> dict:
    return {"types": struct_types(eip712, primary), "primaryType": primary,
            "domain": domain or eip712["domain"], "message": message}


def sign(key, full_message: dict) -> str:
    return "0x" + bytes(Account.sign_typed_data(key, full_message=full_message).signature).hex()


def command(eip712, key, kind: str, body: dict, message: dict, nonce: int) -> dict:
    """A SignedCommand: the JSON command, and the EIP-712 signature of its message plus the nonce."""
    signature = sign(key, typed(eip712, kind, dict(message, nonce=nonce)))
    return {"command": {"kind": kind, "body": body}, "nonce": nonce, "signature": signature}


def reading(start: int, energy: int, end: int = None, cumulative: int = None) -> dict:
    r = {"meter": METER, "periodStart": start, "periodEnd": end or start + Q, "energyWh": energy}
    if cumulative is not None:
        r["cumulativeWh"] = cumulative
    return r


def reading_message(r: dict) -> dict:
    """The EIP-712 message of a reading: cumulativeWh is −1 when the reading has none."""
    return dict(r, cumulativeWh=r.get("cumulativeWh", -1))


def signed(eip712, key, r: dict, domain: dict = None) -> dict:
    return dict(r, signature=sign(key, typed(eip712, "MeterReading", reading_message(r), domain)))


def reading_id(eip712, r: dict) -> str:
    """A reading's id is its EIP-712 signing digest."""
    signable = encode_typed_data(full_message=typed(eip712, "MeterReading", reading_message(r)))
    return "0x" + _hash_eip191_message(signable).hex()


def hash_struct(eip712, r: dict) -> bytes:
    """hashStruct(MeterReading): the body of eth-account's EIP-712 signable message."""
    return encode_typed_data(full_message=typed(eip712, "MeterReading", reading_message(r))).body


def populate(server) -> dict:
    """Registers, through `server`, oracle A (assigned to METER from the day before yesterday, quorum 1),
    oracle B (registered, assigned nowhere) and a 10 kW solar device at (0°, 0°) owned by a fresh account,
    all signed by the TEST-ONLY issuing body key with eth-account. The caller started the server with that
    key's address as issuing body (`issuing_body()`)."""
    issuer = issuing_body()
    status, _, eip712 = server.request("GET", "/v1/eip712")
    assert status == 200
    oracle_a, oracle_b, owner = Account.create(), Account.create(), Account.create()
    device = {
        "id": DEVICE, "name": "Interop roof", "owner": owner.address, "codeList": "eecs-fs5-v1",
        "energySource": "F01040100", "technology": "T010101", "capacityW": 10_000,
        "commissioningDate": "2021-06-01", "country": "DK", "latitudeE6": 0, "longitudeE6": 0,
        "gridArea": "DK1", "support": "none", "meters": [{"id": METER, "intervalSeconds": Q}],
    }
    assignment = {"meter": METER, "oracles": [oracle_a.address], "quorum": 1, "validFrom": YESTERDAY - DAY}
    _, _, account = server.request("GET", f"/v1/accounts/{issuer.address}/balances")
    nonce = account["nonce"]
    commands = [
        command(eip712, issuer.key, "RegisterOracle", {"oracle": oracle_a.address, "name": "oracle A"},
                {"oracle": oracle_a.address, "name": "oracle A"}, nonce),
        command(eip712, issuer.key, "RegisterOracle", {"oracle": oracle_b.address, "name": "oracle B"},
                {"oracle": oracle_b.address, "name": "oracle B"}, nonce + 1),
        command(eip712, issuer.key, "RegisterDevice", {"device": device}, device, nonce + 2),
        command(eip712, issuer.key, "AssignOracles", assignment, assignment, nonce + 3),
    ]
    status, _, reply = server.request("POST", "/v1/commands", commands)
    assert status == 200, reply
    assert [r["accepted"] for r in reply["results"]] == [True] * 4, reply
    assert {r["receipt"]["author"] for r in reply["results"]} == {issuer.address}
    return {"server": server, "eip712": eip712, "a": oracle_a, "b": oracle_b, "owner": owner,
            "reward": server.init["sunAssetId"]}


def issuing_body():
    """The TEST-ONLY issuing body key, opened from its keystore in Keys/test/ (public password)."""
    return Account.from_key(Account.decrypt(TEST_KEYSTORE.read_text(), TEST_PASSWORD))


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("readings"), issuing_body().address, chain_id=CHAIN_ID)
    try:
        world = populate(server)
        assert world["eip712"]["domain"] == {"name": "Helio", "version": "1", "chainId": CHAIN_ID}
        yield world
    finally:
        server.stop()


def balance(server, owner) -> int:
    status, _, account = server.request("GET", f"/v1/accounts/{owner.address}/balances")
    assert status == 200
    amounts = [int(h["amount"]) for h in account["balances"] if h["symbol"] == "SUN"]
    return amounts[0] if amounts else 0


def test_the_registrations_are_visible(registry):
    server, a, b = registry["server"], registry["a"], registry["b"]
    status, _, device = server.request("GET", f"/v1/devices/{DEVICE}")
    assert status == 200 and device["solar"] and device["owner"] == registry["owner"].address
    assert device["meters"][0]["assignments"][0]["oracles"] == [a.address]
    assert server.request("GET", f"/v1/oracles/{a.address}")[2]["meters"] == [METER]
    assert server.request("GET", f"/v1/oracles/{b.address}")[2]["meters"] == []


def test_an_eth_account_reading_is_accepted_and_mints_energy_times_ten_to_the_twelve(registry):
    server, eip712, a, owner = registry["server"], registry["eip712"], registry["a"], registry["owner"]
    before = balance(server, owner)
    r = reading(SUN_UP, 1_234, cumulative=50_000)
    status, _, reply = server.request("POST", "/v1/readings", {"readings": [signed(eip712, a.key, r)]})
    assert status == 200, reply
    assert reply["accepted"] == 1 and reply["rejected"] == 0, reply
    result = reply["results"][0]
    assert result["outcome"] == "accepted" and result["oracle"] == a.address
    assert result["id"] == reading_id(eip712, r)
    assert result["period"] == {"attestations": 1, "quorum": 1, "issued": True, "disputed": False}
    assert result["issued"] == {"device": DEVICE, "energyWh": 1_234, "reward": str(1_234 * BASE_UNITS_PER_WH),
                                "owner": owner.address}
    assert balance(server, owner) - before == 1_234 * BASE_UNITS_PER_WH

    # The same reading again changes nothing.
    status, _, again = server.request("POST", "/v1/readings", {"readings": [signed(eip712, a.key, r)]})
    assert status == 200 and again["results"][0]["outcome"] == "already_recorded"
    assert balance(server, owner) - before == 1_234 * BASE_UNITS_PER_WH

    # The trail leads from the tokens back to the signed reading.
    _, _, trail = server.request("GET", f"/v1/devices/{DEVICE}/issuance")
    issuance = next(i for i in trail["issuances"] if i["periodStart"] == SUN_UP)
    assert issuance["readings"][0]["id"] == result["id"] and issuance["readings"][0]["oracle"] == a.address
    assert issuance["reward"] == str(1_234 * BASE_UNITS_PER_WH)


def test_forged_and_wrong_readings_are_rejected_with_their_reasons(registry):
    server, eip712, a, b, owner = (registry[k] for k in ("server", "eip712", "a", "b", "owner"))
    # The accepted 11:00–11:15 period that the overlap below collides with.
    first = signed(eip712, a.key, reading(SUN_UP, 1_234, cumulative=50_000))
    assert server.request("POST", "/v1/readings", {"readings": [first]})[0] == 200
    before = balance(server, owner)

    tampered = signed(eip712, a.key, reading(SUN_UP + Q, 100))
    tampered["energyWh"] = 101
    foreign = signed(eip712, a.key, reading(SUN_UP + 2 * Q, 100), domain=dict(eip712["domain"], chainId=1))
    unassigned = signed(eip712, b.key, reading(SUN_UP + 3 * Q, 100))
    overlap = signed(eip712, a.key, reading(SUN_UP, 2_000, end=SUN_UP + 2 * Q))
    night = signed(eip712, a.key, reading(NIGHT, 10))
    body = {"readings": [tampered, foreign, unassigned, overlap, night]}
    status, _, reply = server.request("POST", "/v1/readings", body)
    assert status == 200, reply
    assert [r["reason"] for r in reply["results"]] == [
        "unknown_signer", "unknown_signer", "oracle_not_assigned", "period_overlap", "sun_down"], reply
    assert reply["accepted"] == 0 and reply["rejected"] == 5
    assert all(r["outcome"] == "rejected" and r["detail"] for r in reply["results"])
    assert reply["results"][2]["oracle"] == b.address
    assert balance(server, owner) == before


def test_an_eth_account_reading_batch_is_accepted_under_the_root_computed_here(registry):
    server, eip712, a, owner = registry["server"], registry["eip712"], registry["a"], registry["owner"]
    before = balance(server, owner)
    # Three readings: an odd count exercises RFC 9162's unbalanced split.
    readings = [reading(SUN_UP + 4 * Q, 700), reading(SUN_UP + 5 * Q, 800), reading(SUN_UP + 6 * Q, 900)]
    leaves = [hash_struct(eip712, r) for r in readings]
    root = merkle_reference.mth(leaves)
    assert root == merkle_reference.node_hash(
        merkle_reference.node_hash(merkle_reference.leaf_hash(leaves[0]), merkle_reference.leaf_hash(leaves[1])),
        merkle_reference.leaf_hash(leaves[2]))
    assert merkle_reference.leaf_hash(leaves[0]) == hashlib.sha256(b"\x00" + leaves[0]).digest()
    signature = sign(a.key, typed(eip712, "ReadingBatch", {"root": root, "count": len(readings)}))

    status, _, reply = server.request(
        "POST", "/v1/reading-batches", {"signature": signature, "readings": readings, "root": "0x" + root.hex()})
    assert status == 200, reply
    assert reply["root"] == "0x" + root.hex()
    assert reply["oracle"] == a.address
    assert reply["accepted"] == 3, reply
    assert [r["id"] for r in reply["results"]] == [reading_id(eip712, r) for r in readings]
    assert [r["issued"]["energyWh"] for r in reply["results"]] == [700, 800, 900]
    assert balance(server, owner) - before == 2_400 * BASE_UNITS_PER_WH

    # A batch signed over another root (one reading changed after signing) recovers no oracle.
    changed = [readings[0], readings[1], dict(readings[2], energyWh=901)]
    status, _, reply = server.request("POST", "/v1/reading-batches", {"signature": signature, "readings": changed})
    assert status == 200 and reply["accepted"] == 0
    assert reply["results"][2]["reason"] == "unknown_signer"


def test_a_batch_under_a_wrong_claimed_root_is_refused_and_records_nothing(registry):
    server, eip712, a, owner = registry["server"], registry["eip712"], registry["a"], registry["owner"]
    before = balance(server, owner)
    readings = [reading(SUN_UP + 10 * Q, 300), reading(SUN_UP + 11 * Q, 300)]
    root = merkle_reference.mth([hash_struct(eip712, r) for r in readings])
    signature = sign(a.key, typed(eip712, "ReadingBatch", {"root": root, "count": len(readings)}))
    status, content_type, problem = server.request(
        "POST", "/v1/reading-batches", {"signature": signature, "readings": readings, "root": "0x" + bytes(32).hex()})
    assert status == 422 and content_type == "application/problem+json"
    assert problem["code"] == "batch_root_mismatch" and "0x" + root.hex() in problem["detail"]
    assert server.request("GET", f"/v1/meters/{METER}/periods?from={SUN_UP + 10 * Q}")[2]["periods"] == []
    assert balance(server, owner) == before


def test_a_body_that_breaks_the_schema_is_refused_whole(registry):
    server, eip712, a = registry["server"], registry["eip712"], registry["a"]
    good = signed(eip712, a.key, reading(SUN_UP + 8 * Q, 10))
    for body in ({"readings": [dict(good, extra=1)]}, {"readings": []}, {"readings": [dict(good, energyWh=10.0)]},
                 {"readings": [dict(good, energyWh=2**53 + 1)]}, {"readings": [good], "more": True}):
        status, content_type, problem = server.request("POST", "/v1/readings", body)
        assert status == 400 and content_type == "application/problem+json", body
        assert problem["code"] == "malformed_body" and problem["status"] == 400
    periods = server.request("GET", f"/v1/meters/{METER}/periods?from={SUN_UP + 8 * Q}")[2]["periods"]
    assert SUN_UP + 8 * Q not in [p["periodStart"] for p in periods]
