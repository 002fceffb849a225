"""Tests of statement_verifier.py, the independent Python verifier of Helio cancellation statements.

The statements are built here, in Python, from docs/certificates.md, docs/journal-format.md and
docs/checkpoint-format.md: a small journal of synthetic entries (a `Readings` issuance, transfers, a
cancellation, fillers), its RFC 9162 tree and audit paths from Scripts/merkle_reference.py, and a checkpoint
signed as personal_sign with coincurve (digest and address from eth-account, not from the verifier). Then
every single tamper must be refused by the check that names it. No Helio server or binary is needed.

Run: .venv/bin/python -m pytest -q Tests/interop/test_statement_verifier.py
"""
import base64
import copy
import functools
import hashlib
import json
import pathlib
import subprocess
import sys

import pytest
from coincurve import PrivateKey
from eth_account import Account
from eth_account.messages import defunct_hash_message, encode_defunct
from hypothesis import given, settings
from hypothesis import strategies as st

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "Scripts"))

import merkle_reference as ref  # noqa: E402
import statement_verifier as sv  # noqa: E402

# The public test key of the eth-account documentation (also the key of the checkpoint fixture).
REGISTRY_KEY = bytes.fromhex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
REGISTRY_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
OTHER_KEY = bytes.fromhex("11" * 32)
OTHER_ADDRESS = Account.from_key(OTHER_KEY).address
REGISTRY_NAME = "helio.test/registry"
CHAIN_ID = 7317

ORACLE = "0x" + "0a" * 20
OWNER = "0x" + "a1" * 20  # the device owner: holds <lot>.0
ALICE = "0x" + "b2" * 20
BOB = "0x" + "c3" * 20
CAROL = "0x" + "d4" * 20
HOLDERS = [OWNER, ALICE, BOB, CAROL]

T0 = 1767200000
HOUR = 1767222000  # 2026-01-01T00:00:00Z is 1767225600; this is the hour before it


def canonical(obj) -> bytes:
    """Canonical JSON: keys sorted, no white space, `/` not escaped, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def commitment(salt: bytes, name: str, address: str) -> bytes:
    n, a = name.encode(), address.encode()
    return hashlib.sha256(b"helio-beneficiary-v1\n" + salt + len(n).to_bytes(4, "big") + n
                          + len(a).to_bytes(4, "big") + a).digest()


def personal_sign(body: str, key: bytes = REGISTRY_KEY) -> str:
    """EIP-191 personal_sign with coincurve: 0x + r || s || v, v = 27/28."""
    digest = bytes(defunct_hash_message(text=body))
    rsv = PrivateKey(key).sign_recoverable(digest, hasher=None)
    return "0x" + (rsv[:64] + bytes([rsv[64] + 27])).hex()


def note(body: str, key: bytes = REGISTRY_KEY, line_address: str = None) -> str:
    line_address = line_address or Account.from_key(key).address
    return f"{body}\n\u2014 helio {line_address} {personal_sign(body, key)}\n"


def checkpoint_body(origin: str, size: int, root: bytes, timestamp: int) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n{timestamp}\n"


def body_of(doc) -> str:
    return doc["checkpoint"].split("\n\n", 1)[0] + "\n"


def build(chains=({},), *, edit=None, key=REGISTRY_KEY, registry_name=REGISTRY_NAME, chain_id=CHAIN_ID,
          address_in_doc=REGISTRY_ADDRESS, fillers_after=3):
    """One journal with one lot and one chain of parts per item of `chains`; returns one statement per chain.

    A chain is a dict with optional keys: hops (transfers before the cancellation), lot, lot_volume,
    volumes (of the transfers), cancel_volume, start, end, name, address, salt, purpose, location, and
    transfers_first (the transfers recorded before the issuance: a log no registry writes).
    `edit(chain, step, entry)` may change an entry (its kind, author or command body) before it is hashed,
    while the statement keeps saying what the chain intended: a consistent log that says something else.
    """
    edit = edit or (lambda chain, step, entry: None)
    entries = []

    def add(kind, author, payload: bytes):
        entries.append({"index": len(entries), "time": T0 + 60 * len(entries), "kind": kind,
                        "author": author.lower(), "payload": payload})
        return entries[-1]

    def add_command(chain, step, kind, author, body, nonce):
        e = {"kind": kind, "author": author, "body": body, "nonce": nonce}
        edit(chain, step, e)
        payload = canonical({"command": {"body": e["body"], "kind": e["kind"]}, "nonce": e["nonce"],
                             "signature": "0x" + "5a" * 64 + "1b"})
        return add(e["kind"], e["author"], payload)

    def transfer(c, plan, h):
        return add_command(c, f"transfer{h}", "TransferCertificate", plan["owners"][h],
                           {"part": plan["parts"][h], "to": plan["owners"][h + 1], "volumeWh": plan["volumes"][h]},
                           3 + h)

    def filler(i):
        add("Transfer", CAROL, canonical({"command": {"body": {"amount": str(10 ** 18 + i), "to": BOB,
                                                               "token": "0x" + "ee" * 20}, "kind": "Transfer"},
                                          "nonce": i, "signature": "0x" + "77" * 65}))

    add("ConfigureRegistry", "0x" + "99" * 20, canonical({"command": {"body": {"issuingBodies": []},
                                                                       "kind": "ConfigureRegistry"},
                                                          "nonce": 0, "signature": "0x" + "66" * 65}))
    plans = []
    for c, spec in enumerate(chains):
        hops = spec.get("hops", 1)
        lot = spec.get("lot", f"GC-{2 + c}")
        volumes = spec.get("volumes", [3000 - 500 * h for h in range(hops)])
        plan = {
            "lot": lot, "hops": hops, "owners": HOLDERS[: hops + 1], "lot_volume": spec.get("lot_volume", 4200),
            "volumes": volumes, "cancel_volume": spec.get("cancel_volume", 1500),
            "parts": [f"{lot}.0"] + [f"{lot}.{2 + h}" for h in range(hops + 1)],
            "start": spec.get("start", HOUR), "end": spec.get("end", HOUR + 3600),
            "name": spec.get("name", "Ørsted Testkunde A/S"),
            "address": spec.get("address", "Kraftværksvej 53, 7000 Fredericia"),
            "salt": spec.get("salt", bytes(range(c, c + 32))),
            "purpose": spec.get("purpose", "Scope 2 / 2026 Q1"), "location": spec.get("location", "DK1"),
        }
        plan["commitment"] = commitment(plan["salt"], plan["name"], plan["address"])
        filler(10 * c)
        if spec.get("transfers_first"):  # a log no registry writes: the part moves before it is issued
            plan["early"] = [transfer(c, plan, h) for h in range(hops)]
        plan["issuance"] = add("Readings", ORACLE, canonical({"readings": [{
            "energyWh": str(plan["lot_volume"]), "meter": f"meter-{c}", "periodEnd": HOUR - 3600,
            "periodStart": HOUR - 7200, "signature": "0x" + "3c" * 65}]}))
        plans.append(plan)
    for c, plan in enumerate(plans):
        plan["steps"] = [plan["issuance"]]
        for h in range(plan["hops"]):
            filler(10 * c + h + 1)
            plan["steps"].append(plan["early"][h] if "early" in plan else transfer(c, plan, h))
        plan["cancel"] = add_command(c, "cancel", "CancelCertificate", plan["owners"][-1], {
            "part": plan["parts"][-2], "volumeWh": plan["cancel_volume"],
            "beneficiaryCommitment": "0x" + plan["commitment"].hex(), "purpose": plan["purpose"],
            "consumptionStart": plan["start"], "consumptionEnd": plan["end"], "location": plan["location"]}, 7)
        plan["steps"].append(plan["cancel"])
    for i in range(fillers_after):
        filler(100 + i)

    leaves = [sv.entry_bytes(e["index"], e["time"], e["kind"], e["author"], e["payload"]) for e in entries]
    size, root = len(leaves), ref.mth(leaves)
    checkpoint = note(checkpoint_body(f"{registry_name} chain {chain_id}", size, root, T0 + 86400), key)

    def as_json(e):
        return {"index": e["index"], "time": e["time"], "kind": e["kind"],
                "author": _checksum(e["author"]),
                "payload": "0x" + e["payload"].hex()}

    def proof(e):
        return ["0x" + h.hex() for h in ref.path(e["index"], leaves)]

    docs = []
    for plan in plans:
        cancel = plan["cancel"]
        lineage = [{"part": plan["parts"][0], "parent": None, "owner": _checksum(plan["owners"][0]),
                    "volumeWh": plan["lot_volume"], "entry": as_json(plan["steps"][0]),
                    "inclusionProof": proof(plan["steps"][0])}]
        for i in range(1, len(plan["steps"])):
            last = i == len(plan["steps"]) - 1
            lineage.append({"part": plan["parts"][i], "parent": plan["parts"][i - 1],
                            "owner": _checksum(plan["owners"][min(i, plan["hops"])]),
                            "volumeWh": plan["cancel_volume"] if last else plan["volumes"][i - 1],
                            "entry": as_json(plan["steps"][i]), "inclusionProof": proof(plan["steps"][i])})
        docs.append({
            "format": "helio-cancellation-statement/v1",
            "registry": {"name": registry_name, "chainId": chain_id, "checkpointAddress": address_in_doc},
            "cancellation": {
                "id": str(cancel["index"]), "entryIndex": cancel["index"], "time": cancel["time"],
                "fromPart": plan["parts"][-2], "part": plan["parts"][-1], "lot": plan["lot"],
                "holder": _checksum(plan["owners"][-1]), "volumeWh": plan["cancel_volume"],
                "purpose": plan["purpose"], "consumptionStart": plan["start"], "consumptionEnd": plan["end"],
                "location": plan["location"], "beneficiaryCommitment": "0x" + plan["commitment"].hex(),
            },
            "entry": as_json(cancel),
            "inclusionProof": proof(cancel),
            "checkpoint": checkpoint,
            "lot": {"id": plan["lot"], "scheme": plan["lot"][:2], "device": "dev-1",
                    "productionStart": HOUR - 7200, "productionEnd": HOUR - 3600, "volumeWh": plan["lot_volume"],
                    "issuanceEntry": plan["issuance"]["index"], "readingsRoot": "0x" + "ab" * 32},
            "lineage": lineage,
            "beneficiary": {"salt": "0x" + plan["salt"].hex(), "name": plan["name"], "address": plan["address"]},
        })
    return docs


def _checksum(address: str) -> str:
    from eth_utils import to_checksum_address

    return to_checksum_address(address)


@functools.lru_cache(maxsize=None)
def _valid_json() -> str:
    return json.dumps(build()[0])


def valid() -> dict:
    """A fresh copy of the one-transfer statement that holds."""
    return json.loads(_valid_json())


def fails(doc, check, fragment, address=REGISTRY_ADDRESS, verify=sv.verify_statement):
    with pytest.raises(sv.StatementError) as info:
        verify(doc, address)
    assert info.value.check == check, str(info.value)
    assert fragment in str(info.value), str(info.value)
    return info.value


def flip_hex(value: str, byte: int, mask: int = 0x01) -> str:
    data = bytearray(bytes.fromhex(value[2:]))
    data[byte] ^= mask
    return "0x" + data.hex()


# ---------------------------------------------------------------------------------------------------------
# The building blocks, cross-checked


def test_merkle_code_matches_the_reference():
    """The verifier's leaf hash and RFC 9162 audit-path walk agree with Scripts/merkle_reference.py."""
    ref.self_check()
    entries = [bytes([i % 251]) * (i % 7) for i in range(40)]
    for n in range(1, 41):
        leaves = entries[:n]
        root = ref.mth(leaves)
        for m in range(n):
            leaf = sv.leaf_hash(leaves[m])
            assert leaf == ref.leaf_hash(leaves[m])
            proof = ref.path(m, leaves)
            assert sv.root_from_inclusion_proof(leaf, m, n, proof) == root, (n, m)
            # Every variant the reference refuses is refused here too, and the other way round.
            variants = [(leaf, m, n + 1, proof), (leaf, m, n, proof[:-1]), (leaf, m, n, proof + [root]),
                        (leaf, (m + 1) % n, n, proof), (leaf, m, n, proof[::-1]), (leaf, n, n, proof)]
            if proof:
                variants.append((leaf, m, n, [bytes([proof[0][0] ^ 0x80]) + proof[0][1:]] + proof[1:]))
            for args in variants:
                assert (sv.root_from_inclusion_proof(*args) == root) == ref.verify_inclusion(*args, root), (n, m)


def test_entry_bytes_follow_the_journal_format():
    got = sv.entry_bytes(12, 1700000123, "CancelCertificate", "0xAbCd" + "00" * 18, b'{"x":1}')
    assert got == b"helio-entry-v1\n12\n1700000123\nCancelCertificate\n0xabcd" + b"00" * 18 + b'\n{"x":1}'


def test_commitment_and_address_helpers_match_eth_account():
    assert sv.beneficiary_commitment(b"\x07" * 32, "Åse", "") == commitment(b"\x07" * 32, "Åse", "")
    for key in (REGISTRY_KEY, OTHER_KEY):
        address = Account.from_key(key).address
        assert sv.eip55(address.lower()) == address
        body = checkpoint_body("x chain 1", 3, b"\x01" * 32, 5)
        signature = personal_sign(body, key)
        assert Account.recover_message(encode_defunct(text=body), signature=signature) == address
        assert sv.recover_personal_sign(body.encode(), bytes.fromhex(signature[2:])) == address.lower()


def test_the_checkpoint_fixture_written_by_helio_verifies():
    """Tests/HelioLogTests/Fixtures/signed-checkpoint.txt is Helio's own output (docs/checkpoint-format.md)."""
    fixtures = ROOT / "Tests" / "HelioLogTests" / "Fixtures"
    text = (fixtures / "signed-checkpoint.txt").read_bytes().decode("utf-8")
    size, root, timestamp = sv.verify_checkpoint(text, "helio.example/registry chain 7317", REGISTRY_ADDRESS)
    as_json = json.loads((fixtures / "signed-checkpoint.json").read_text())["checkpoint"]
    assert (size, "0x" + root.hex(), timestamp) == (as_json["treeSize"], as_json["rootHash"], as_json["timestamp"])
    with pytest.raises(sv.StatementError, match="recovers"):
        sv.verify_checkpoint(text, "helio.example/registry chain 7317", OTHER_ADDRESS)


# ---------------------------------------------------------------------------------------------------------
# Statements that hold


@pytest.mark.parametrize("hops", [0, 1, 3])
def test_a_valid_statement_holds(hops):
    doc = build([{"hops": hops}])[0]
    assert len(doc["lineage"]) == hops + 2
    sv.verify_statement(doc, REGISTRY_ADDRESS)
    sv.verify_statement(doc, REGISTRY_ADDRESS.lower())  # addresses compare case-insensitively


def test_a_statement_whose_opening_was_erased_still_holds():
    doc = valid()
    doc["beneficiary"] = None
    sv.verify_statement(doc, REGISTRY_ADDRESS)


def test_a_go_lot_and_a_log_of_one_power_of_two_size_hold():
    for fillers in range(0, 11):  # log sizes 6 to 16: audit paths of many shapes
        doc = build([{"lot": "GO-5"}], fillers_after=fillers)[0]
        sv.verify_statement(doc, REGISTRY_ADDRESS)


# ---------------------------------------------------------------------------------------------------------
# Checks 1 and 2


def test_check_1_unknown_format():
    doc = valid()
    doc["format"] = "helio-cancellation-statement/v2"
    fails(doc, 1, "format")


def test_check_2_wrong_registry_address():
    fails(valid(), 2, "another registry", address=OTHER_ADDRESS)


def test_check_2_the_statement_names_another_registry():
    doc = valid()
    doc["registry"]["checkpointAddress"] = OTHER_ADDRESS
    fails(doc, 2, "registry.checkpointAddress")


def test_check_2_a_statement_of_another_registry_that_is_consistent_in_itself():
    doc = build(key=OTHER_KEY, address_in_doc=OTHER_ADDRESS)[0]
    sv.verify_statement(doc, OTHER_ADDRESS)
    fails(doc, 2, "another registry")


# ---------------------------------------------------------------------------------------------------------
# Check 3: the checkpoint


def test_check_3_root_line_changed():
    doc = valid()
    lines = doc["checkpoint"].split("\n")
    lines[2] = base64.b64encode(b"\x42" * 32).decode()
    doc["checkpoint"] = "\n".join(lines)
    fails(doc, 3, "checkpoint signature: recovers")


def test_check_3_size_line_changed():
    doc = valid()
    lines = doc["checkpoint"].split("\n")
    lines[1] = str(int(lines[1]) + 1)
    doc["checkpoint"] = "\n".join(lines)
    fails(doc, 3, "checkpoint signature")


def test_check_3_timestamp_line_changed():
    doc = valid()
    lines = doc["checkpoint"].split("\n")
    lines[3] = str(int(lines[3]) - 1)
    doc["checkpoint"] = "\n".join(lines)
    fails(doc, 3, "checkpoint signature")


@pytest.mark.parametrize("byte", [0, 17, 31, 32, 50, 63, 64])
def test_check_3_signature_byte_flipped(byte):
    doc = valid()
    head, signature = doc["checkpoint"][:-1].rsplit(" ", 1)
    doc["checkpoint"] = f"{head} {flip_hex(signature, byte)}\n"
    fails(doc, 3, "checkpoint signature")


def test_check_3_signed_by_another_key():
    doc = valid()
    doc["checkpoint"] = note(body_of(doc), OTHER_KEY)
    fails(doc, 3, f"recovers {OTHER_ADDRESS}")


def test_check_3_high_s_signature_is_refused():
    doc = valid()
    head, signature = doc["checkpoint"][:-1].rsplit(" ", 1)
    raw = bytes.fromhex(signature[2:])
    s = sv.SECP256K1_N - int.from_bytes(raw[32:64], "big")
    high = raw[:32] + s.to_bytes(32, "big") + bytes([55 - raw[64]])  # the same signature, other spelling
    assert Account.recover_message(encode_defunct(text=body_of(doc)), signature=high) == REGISTRY_ADDRESS
    doc["checkpoint"] = f"{head} 0x{high.hex()}\n"
    fails(doc, 3, "low-s")


@pytest.mark.parametrize("registry", [{"name": "helio.other/registry"}, {"chainId": 1}])
def test_check_3_origin_of_another_registry_or_chain(registry):
    doc = valid()
    doc["registry"].update(registry)
    fails(doc, 3, "origin line")


@pytest.mark.parametrize("change", [
    lambda b: b.replace("\n", "\r\n"),                      # CR LF
    lambda b: b.replace("\n", "\n0", 1),                     # leading zero in the size
    lambda b: b + "extension\n",                             # a fifth line
    lambda b: b.replace("=\n", "\n"),                        # unpadded base64
    lambda b: " " + b,                                       # leading space in the origin
])
def test_check_3_non_canonical_bodies_are_refused_even_when_signed(change):
    doc = valid()
    doc["checkpoint"] = note(change(body_of(doc)))
    fails(doc, 3, "checkpoint")


@pytest.mark.parametrize("change", [
    lambda n: n + n.split("\n\n", 1)[1],                     # two signature lines
    lambda n: n[:-1],                                        # no final LF
    lambda n: n.replace("\u2014 helio", "- helio"),          # not an em dash
    lambda n: n.replace("\u2014 helio", "\u2014 other"),     # another key name
    lambda n: n.replace(REGISTRY_ADDRESS, REGISTRY_ADDRESS.lower()),  # not EIP-55
    lambda n: n.replace(REGISTRY_ADDRESS, OTHER_ADDRESS),    # names another signer
    lambda n: n.replace("\n\n", "\n"),                       # no empty line
])
def test_check_3_malformed_signature_lines(change):
    doc = valid()
    doc["checkpoint"] = change(doc["checkpoint"])
    fails(doc, 3, "checkpoint")


# ---------------------------------------------------------------------------------------------------------
# Check 4: the cancellation entry is in the tree


@pytest.mark.parametrize("byte", [0, 1, 40, -1])
def test_check_4_payload_byte_flipped(byte):
    doc = valid()
    n = len(doc["entry"]["payload"]) // 2 - 1
    doc["entry"]["payload"] = flip_hex(doc["entry"]["payload"], byte % n, 0x20)
    fails(doc, 4, "inclusion proof of the cancellation entry does not lead to the checkpoint root")


@pytest.mark.parametrize("field,value", [("index", 1), ("time", 1), ("kind", "TransferCertificate"),
                                         ("author", CAROL)])
def test_check_4_entry_header_changed(field, value):
    doc = valid()
    doc["entry"][field] = doc["entry"][field] + value if isinstance(value, int) else value
    fails(doc, 4, "cancellation entry")


def test_check_4_proof_hash_flipped():
    doc = valid()
    for i in range(len(doc["inclusionProof"])):
        bad = copy.deepcopy(doc)
        bad["inclusionProof"][i] = flip_hex(bad["inclusionProof"][i], i * 7 % 32, 0x04)
        fails(bad, 4, "inclusionProof: inclusion proof of the cancellation entry")


def test_check_4_proof_too_short_or_too_long():
    doc = valid()
    for proof in (doc["inclusionProof"][:-1], doc["inclusionProof"] + ["0x" + "00" * 32], []):
        bad = copy.deepcopy(doc)
        bad["inclusionProof"] = proof
        fails(bad, 4, "does not lead to the checkpoint root")


def test_check_4_the_registry_signed_another_root():
    """A correctly signed checkpoint of another tree: the proof does not lead to its root."""
    doc = valid()
    lines = body_of(doc).split("\n")
    lines[2] = base64.b64encode(hashlib.sha256(b"another tree").digest()).decode()
    doc["checkpoint"] = note("\n".join(lines))
    fails(doc, 4, "does not lead to the checkpoint root")


def test_check_4_entry_beyond_the_checkpoint():
    doc = valid()
    lines = body_of(doc).split("\n")
    lines[1] = str(doc["entry"]["index"])
    doc["checkpoint"] = note("\n".join(lines))
    fails(doc, 4, "not below the checkpoint's tree size")


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_single_byte_change_in_the_payload_is_detected(data):
    doc = valid()
    payload = bytearray(bytes.fromhex(doc["entry"]["payload"][2:]))
    i = data.draw(st.integers(0, len(payload) - 1), label="byte")
    payload[i] ^= data.draw(st.integers(1, 255), label="xor")
    doc["entry"]["payload"] = "0x" + payload.hex()
    fails(doc, 4, "does not lead to the checkpoint root")


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_single_character_change_in_the_payload_hex_is_detected(data):
    doc = valid()
    text = doc["entry"]["payload"]
    i = data.draw(st.integers(0, len(text) - 1), label="position")
    c = data.draw(st.characters(codec="ascii").filter(lambda ch: ch != text[i]), label="character")
    doc["entry"]["payload"] = text[:i] + c + text[i + 1:]
    with pytest.raises(sv.StatementError) as info:
        sv.verify_statement(doc, REGISTRY_ADDRESS)
    assert info.value.check == 4, str(info.value)


# ---------------------------------------------------------------------------------------------------------
# Check 5: the signed command says what `cancellation` says


@pytest.mark.parametrize("field,value,named", [
    ("volumeWh", 1499, "body.volumeWh"),
    ("fromPart", "GC-2.0", "body.part"),
    ("purpose", "Scope 3", "body.purpose"),
    ("consumptionStart", HOUR - 3600, "body.consumptionStart"),
    ("consumptionEnd", HOUR + 7200, "body.consumptionEnd"),
    ("location", "DK2", "body.location"),
    ("beneficiaryCommitment", "0x" + "00" * 32, "body.beneficiaryCommitment"),
    ("holder", BOB, "entry.author"),
    ("entryIndex", 3, "entry.index"),
    ("time", 1, "entry.time"),
    ("id", "7", "cancellation.id"),
])
def test_check_5_cancellation_differs_from_the_signed_command(field, value, named):
    doc = valid()
    doc["cancellation"][field] = value
    fails(doc, 5, named)


def test_check_5_holder_compares_case_insensitively():
    doc = valid()
    doc["cancellation"]["holder"] = doc["cancellation"]["holder"].upper().replace("0X", "0x")
    sv.verify_statement(doc, REGISTRY_ADDRESS)


def test_check_5_the_log_recorded_another_volume():
    def edit(chain, step, e):
        if step == "cancel":
            e["body"]["volumeWh"] = 1400
    fails(build(edit=edit)[0], 5, "entry.payload.command.body.volumeWh")


def test_check_5_the_entry_is_not_a_cancellation():
    def edit(chain, step, e):
        if step == "cancel":
            e["kind"] = "CancelCertificat"
    fails(build(edit=edit)[0], 5, "entry.kind")


@pytest.mark.parametrize("change,named", [
    (lambda b: b.update(extra="x"), "has keys"),
    (lambda b: b.pop("location"), "has keys"),
    (lambda b: b.update(volumeWh="1500"), "volumeWh: is not an unsigned"),
    (lambda b: b.update(volumeWh=True), "volumeWh: is not an unsigned"),
])
def test_check_5_command_body_shape(change, named):
    def edit(chain, step, e):
        if step == "cancel":
            change(e["body"])
    fails(build(edit=edit)[0], 5, named)


# ---------------------------------------------------------------------------------------------------------
# Check 6: the beneficiary opening


@pytest.mark.parametrize("field", ["salt", "name", "address"])
def test_check_6_opening_changed(field):
    doc = valid()
    opening = doc["beneficiary"]
    if field == "salt":
        opening["salt"] = flip_hex(opening["salt"], 5)
    else:
        opening[field] = opening[field][:-1] + chr(ord(opening[field][-1]) ^ 1)
    fails(doc, 6, "does not hash to cancellation.beneficiaryCommitment")


def test_check_6_opening_out_of_bounds():
    doc = build([{"name": "x" * 201}])[0]
    fails(doc, 6, "beneficiary.name")
    fails(build([{"address": "x" * 501}])[0], 6, "beneficiary.address")
    sv.verify_statement(build([{"address": "", "name": "x" * 200}])[0], REGISTRY_ADDRESS)
    doc = valid()
    doc["beneficiary"]["salt"] = doc["beneficiary"]["salt"][:-2]
    fails(doc, 6, "beneficiary.salt")


# ---------------------------------------------------------------------------------------------------------
# Check 7: the lineage


def test_check_7_a_step_with_the_wrong_parent():
    doc = valid()
    doc["lineage"][1]["parent"] = "GC-2.9"
    fails(doc, 7, "lineage[1].parent")
    doc = build([{"hops": 2}])[0]
    doc["lineage"][2]["parent"] = doc["lineage"][0]["part"]
    fails(doc, 7, "lineage[2].parent")


def test_check_7_the_log_transferred_another_part():
    def edit(chain, step, e):
        if step == "transfer0":
            e["body"]["part"] = "GC-2.1"
    fails(build(edit=edit)[0], 7, "lineage[1].entry.payload.command.body.part")


def test_check_7_a_step_that_is_left_out():
    doc = build([{"hops": 2}])[0]
    del doc["lineage"][1]
    fails(doc, 7, "lineage[1].parent")


def test_check_7_wrong_volume_in_a_step():
    doc = valid()
    doc["lineage"][1]["volumeWh"] = 3001
    fails(doc, 7, "lineage[1].entry.payload.command.body.volumeWh")
    doc = valid()
    doc["lineage"][2]["volumeWh"] = 1501
    fails(doc, 7, "lineage[2].entry.payload.command.body.volumeWh")


def test_check_7_the_log_transferred_another_volume():
    def edit(chain, step, e):
        if step == "transfer0":
            e["body"]["volumeWh"] = 2999
    fails(build(edit=edit)[0], 7, "lineage[1].entry.payload.command.body.volumeWh")


def test_check_7_a_transfer_not_signed_by_the_parents_owner():
    def edit(chain, step, e):
        if step == "transfer0":
            e["author"] = BOB
    fails(build(edit=edit)[0], 7, "lineage[1].entry.author")
    doc = valid()
    doc["lineage"][0]["owner"] = BOB
    fails(doc, 7, "lineage[1].entry.author")


def test_check_7_a_transfer_to_someone_else_than_the_steps_owner():
    def edit(chain, step, e):
        if step == "transfer0":
            e["body"]["to"] = CAROL
    fails(build(edit=edit)[0], 7, "lineage[1].entry.payload.command.body.to")


def test_check_7_a_step_proof_flipped():
    doc = build([{"hops": 2}])[0]
    for i in range(3):
        bad = copy.deepcopy(doc)
        bad["lineage"][i]["inclusionProof"][0] = flip_hex(bad["lineage"][i]["inclusionProof"][0], 0)
        fails(bad, 7, f"lineage[{i}].inclusionProof: inclusion proof of lineage[{i}] does not lead")


def test_check_7_a_step_payload_flipped():
    doc = valid()
    doc["lineage"][1]["entry"]["payload"] = flip_hex(doc["lineage"][1]["entry"]["payload"], 3)
    fails(doc, 7, "lineage[1].inclusionProof")


def test_check_7_the_first_step_is_not_the_issuance():
    doc = valid()
    doc["lot"]["issuanceEntry"] += 1
    fails(doc, 7, "lineage[0].entry.index")
    doc = valid()
    doc["lineage"][0]["part"] = "GC-2.1"
    fails(doc, 7, "lineage[0].part")
    doc = valid()
    doc["lineage"][0]["parent"] = "GC-2.1"
    fails(doc, 7, "lineage[0].parent")


def test_check_7_the_first_step_is_not_a_reading_entry():
    doc = valid()
    doc["lineage"][0] = copy.deepcopy(doc["lineage"][1])  # an in-tree entry, but a transfer
    doc["lineage"][0].update(part="GC-2.0", parent=None)
    doc["lot"]["issuanceEntry"] = doc["lineage"][0]["entry"]["index"]
    fails(doc, 7, "not a reading entry")


def test_check_7_the_last_step_is_not_the_cancelled_part():
    doc = valid()
    doc["lineage"][2]["part"] = "GC-2.7"
    doc["cancellation"]["part"] = "GC-2.3"
    fails(doc, 7, "the cancelled part")


def test_check_7_lineage_of_another_lot():
    doc = valid()
    doc["cancellation"]["lot"] = "GC-3"
    fails(doc, 7, "cancellation.lot")
    doc = valid()
    doc["lineage"][1]["part"] = "GC-3.2"
    fails(doc, 7, "lineage[1].part")


def test_check_7_the_last_step_must_be_the_cancellation_itself():
    doc = build([{"hops": 2}])[0]
    del doc["lineage"][-1]  # ends at the last transfer: not a cancellation
    fails(doc, 7, "lineage[2].entry.kind")
    doc = valid()
    del doc["lineage"][-1]
    fails(doc, 7, "lineage[1].entry.kind")


def test_check_7_a_transfer_recorded_before_the_issuance():
    fails(build([{"transfers_first": True}])[0], 7, "lineage[1].entry.index: 2 is not after its parent's entry 3")


def test_check_7_a_part_that_is_its_own_parent():
    doc = valid()
    doc["lineage"][2]["part"] = doc["cancellation"]["part"] = doc["lineage"][1]["part"]
    fails(doc, 7, "lineage[2].part: GC-2.2 appears twice")


def test_check_7_steps_out_of_order():
    doc = build([{"hops": 2}])[0]
    doc["lineage"][1], doc["lineage"][2] = doc["lineage"][2], doc["lineage"][1]
    fails(doc, 7, "lineage[1]")


# ---------------------------------------------------------------------------------------------------------
# Aggregate statements


def aggregate(statements, name="Ørsted Testkunde A/S", start=HOUR - 3600, end=HOUR + 7200, total=None):
    return {"format": "helio-aggregate-statement/v1", "beneficiary": name, "from": start, "to": end,
            "totalWh": sum(s["cancellation"]["volumeWh"] for s in statements) if total is None else total,
            "statements": statements}


@functools.lru_cache(maxsize=None)
def _two() -> str:
    return json.dumps(build([{"cancel_volume": 1500}, {"hops": 2, "cancel_volume": 700, "start": HOUR + 3600,
                                                        "end": HOUR + 7200}]))


def two():
    return json.loads(_two())


def test_aggregate_valid():
    statements = two()
    for s in statements:
        sv.verify_statement(s, REGISTRY_ADDRESS)
    doc = aggregate(statements)
    assert doc["totalWh"] == 2200
    sv.verify_aggregate(doc, REGISTRY_ADDRESS)
    sv.verify_aggregate(aggregate([]), REGISTRY_ADDRESS)


def test_aggregate_wrong_total():
    fails(aggregate(two(), total=2201), "aggregate", "totalWh", verify=sv.verify_aggregate)


def test_aggregate_wrong_name():
    fails(aggregate(two(), name="Someone Else"), "aggregate", "statements[0].beneficiary.name",
          verify=sv.verify_aggregate)


def test_aggregate_statement_for_another_beneficiary():
    statements = build([{}, {"name": "Someone Else"}])
    fails(aggregate(statements), "aggregate", "statements[1].beneficiary.name", verify=sv.verify_aggregate)


def test_aggregate_statement_without_opening():
    statements = two()
    statements[1]["beneficiary"] = None
    fails(aggregate(statements), "aggregate", "statements[1].beneficiary", verify=sv.verify_aggregate)


def test_aggregate_period_outside():
    fails(aggregate(two(), end=HOUR + 7199), "aggregate", "statements[1].cancellation",
          verify=sv.verify_aggregate)
    fails(aggregate(two(), start=HOUR + 1), "aggregate", "statements[0].cancellation", verify=sv.verify_aggregate)


def test_aggregate_counts_each_cancellation_once():
    s = two()
    fails(aggregate([s[0], s[1], s[0]]), "aggregate", "counted twice", verify=sv.verify_aggregate)


def test_aggregate_statements_against_different_checkpoints():
    other = build([{"cancel_volume": 900}], fillers_after=5)[0]
    fails(aggregate([two()[0], other]), "aggregate", "statements[1].checkpoint", verify=sv.verify_aggregate)


def test_aggregate_a_statement_that_does_not_hold():
    statements = two()
    statements[1]["entry"]["payload"] = flip_hex(statements[1]["entry"]["payload"], 9)
    error = fails(aggregate(statements), 4, "statements[1].inclusionProof", verify=sv.verify_aggregate)
    assert error.field == "statements[1].inclusionProof"


def test_aggregate_format():
    doc = aggregate(two())
    doc["format"] = "helio-cancellation-statement/v1"
    fails(doc, "aggregate", "format", verify=sv.verify_aggregate)


# ---------------------------------------------------------------------------------------------------------
# The command line


def run_cli(tmp_path, doc, address=REGISTRY_ADDRESS):
    path = tmp_path / "statement.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return subprocess.run([sys.executable, str(HERE / "statement_verifier.py"), str(path), address],
                          capture_output=True, text=True, timeout=60)


def test_cli_statement_holds(tmp_path):
    proc = run_cli(tmp_path, valid())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "statement holds\n"


def test_cli_statement_does_not_hold(tmp_path):
    doc = valid()
    doc["beneficiary"]["name"] = "Mallory"
    proc = run_cli(tmp_path, doc)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "check 6 (beneficiary opening)" in proc.stderr
    proc = run_cli(tmp_path, valid(), OTHER_ADDRESS)
    assert proc.returncode == 1 and "check 2" in proc.stderr


def test_cli_aggregate(tmp_path):
    proc = run_cli(tmp_path, aggregate(two()))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "aggregate statement holds\n"
    proc = run_cli(tmp_path, aggregate(two(), total=1))
    assert proc.returncode == 1 and "totalWh" in proc.stderr
