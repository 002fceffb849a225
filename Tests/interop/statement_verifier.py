#!/usr/bin/env python3
"""An independent verifier of Helio cancellation statements, written from the documents only.

It follows docs/certificates.md ("Cancellation statement", "Aggregate statement"),
docs/checkpoint-format.md (checkpoint body, EIP-191 signature, signed note) and docs/journal-format.md
(entry bytes, leaf hash), with RFC 9162 §2.1.3.2 for the audit path and EIP-191 for the signature. It
shares no code with Helio: hashlib for SHA-256, pycryptodome's Keccak-256 (installed with eth-account,
through eth-keyfile) and coincurve (libsecp256k1) for public key recovery.

    verify_statement(doc, registry_address)   # raises StatementError, else the statement holds
    verify_aggregate(doc, registry_address)

Command line:

    python statement_verifier.py statement.json 0xREGISTRY_ADDRESS

prints "statement holds" (or "aggregate statement holds") and exits 0, or prints the failed check on
stderr and exits 1.
"""
import base64
import hashlib
import json
import re
import sys

import coincurve
from Crypto.Hash import keccak as _keccak

STATEMENT_FORMAT = "helio-cancellation-statement/v1"
AGGREGATE_FORMAT = "helio-aggregate-statement/v1"

# secp256k1 group order.
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

CANCEL_KEYS = {"part", "volumeWh", "beneficiaryCommitment", "purpose", "consumptionStart", "consumptionEnd",
               "location"}
TRANSFER_KEYS = {"part", "to", "volumeWh"}
ISSUANCE_KINDS = {"Readings", "ReadingBatch"}  # an issuance lives in the reading entry that completed it

CHECKS = {
    1: "format",
    2: "registry address",
    3: "checkpoint",
    4: "inclusion of the cancellation entry",
    5: "cancellation command",
    6: "beneficiary opening",
    7: "lineage",
    "aggregate": "aggregate",
}


class StatementError(Exception):
    """A statement that does not hold: `check` (1–7 or "aggregate"), `field` (a JSON path) and why."""

    def __init__(self, check, field: str, detail: str):
        self.check, self.field, self.detail = check, field, detail
        label = f"check {check} ({CHECKS[check]})" if isinstance(check, int) else f"{check} check"
        super().__init__(f"{label}, {field}: {detail}")


# ---------------------------------------------------------------------------------------------------------
# Primitives


def keccak256(data: bytes) -> bytes:
    return _keccak.new(digest_bits=256, data=data).digest()


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaf_hash(entry_bytes: bytes) -> bytes:
    """RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 || d)."""
    return sha256(b"\x00" + entry_bytes)


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 §2.1.1: SHA-256(0x01 || left || right)."""
    return sha256(b"\x01" + left + right)


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: list):
    """RFC 9162 §2.1.3.2: the root that `proof` (leaf upwards) leads to, or None if the proof is malformed."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None  # the path is longer than the tree is high
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None  # a path that is too short never reaches the root


def entry_bytes(index: int, time: int, kind: str, author: str, payload: bytes) -> bytes:
    """docs/journal-format.md: the bytes the Merkle tree hashes for one journal entry."""
    head = f"helio-entry-v1\n{index}\n{time}\n{kind}\n{author.lower()}\n"
    return head.encode("utf-8") + payload


def beneficiary_commitment(salt: bytes, name: str, address: str) -> bytes:
    """docs/certificates.md "Beneficiary commitment"."""
    n, a = name.encode("utf-8"), address.encode("utf-8")
    return sha256(b"helio-beneficiary-v1" + b"\x0a" + salt + len(n).to_bytes(4, "big") + n
                  + len(a).to_bytes(4, "big") + a)


def eip191_digest(message: bytes) -> bytes:
    """EIP-191 version 0x45 (personal_sign)."""
    return keccak256(b"\x19Ethereum Signed Message:\n" + str(len(message)).encode("ascii") + message)


def address_of_public_key(public_key: coincurve.PublicKey) -> str:
    """0x + 40 lowercase hex: the last 20 bytes of keccak256 of the uncompressed point (x || y)."""
    return "0x" + keccak256(public_key.format(compressed=False)[1:])[12:].hex()


def eip55(address: str) -> str:
    """EIP-55 mixed-case checksum form of a 0x address."""
    lower = address.lower().removeprefix("0x")
    digest = keccak256(lower.encode("ascii")).hex()
    return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(lower))


def recover_personal_sign(message: bytes, signature: bytes):
    """The signer address (lowercase) of a 65-byte r || s || v personal_sign signature, or None."""
    if len(signature) != 65:
        return None
    r, s, v = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:64], "big"), signature[64]
    if v not in (27, 28) or not 0 < r < SECP256K1_N or not 0 < s <= SECP256K1_N // 2:
        return None  # v must be 27/28 and s low (one spelling per signature)
    try:
        public_key = coincurve.PublicKey.from_signature_and_message(
            signature[:64] + bytes([v - 27]), eip191_digest(message), hasher=None)
    except Exception:  # noqa: BLE001 - libsecp256k1 refuses: no point for this r
        return None
    return address_of_public_key(public_key)


# ---------------------------------------------------------------------------------------------------------
# Reading the JSON document


_HEX = re.compile(r"0x(?:[0-9a-f]{2})*")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


def _get(obj, key, field: str, check):
    if not isinstance(obj, dict):
        raise StatementError(check, field.rsplit(".", 1)[0] or field, "is not a JSON object")
    if key not in obj:
        raise StatementError(check, field, "is missing")
    return obj[key]


def _obj(value, field, check) -> dict:
    if not isinstance(value, dict):
        raise StatementError(check, field, "is not a JSON object")
    return value


def _str(value, field, check) -> str:
    if not isinstance(value, str):
        raise StatementError(check, field, "is not a string")
    return value


def _uint(value, field, check, bits=64) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2 ** bits:
        raise StatementError(check, field, f"is not an unsigned {bits}-bit integer")
    return value


def _hex(value, field, check, length=None) -> bytes:
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise StatementError(check, field, "is not 0x + lowercase hex bytes")
    data = bytes.fromhex(value[2:])
    if length is not None and len(data) != length:
        raise StatementError(check, field, f"is {len(data)} bytes, expected {length}")
    return data


def _address(value, field, check) -> str:
    """An address in any letter case, returned lowercase (addresses compare case-insensitively)."""
    if not isinstance(value, str) or not _ADDRESS.fullmatch(value):
        raise StatementError(check, field, "is not an address (0x + 40 hex digits)")
    return value.lower()


def _entry(value, field, check) -> dict:
    """A journal entry {index, time, kind, author, payload}, normalized, with its leaf hash."""
    value = _obj(value, field, check)
    e = {
        "index": _uint(_get(value, "index", f"{field}.index", check), f"{field}.index", check),
        "time": _uint(_get(value, "time", f"{field}.time", check), f"{field}.time", check),
        "kind": _str(_get(value, "kind", f"{field}.kind", check), f"{field}.kind", check),
        "author": _address(_get(value, "author", f"{field}.author", check), f"{field}.author", check),
        "payload": _hex(_get(value, "payload", f"{field}.payload", check), f"{field}.payload", check),
    }
    e["leaf"] = leaf_hash(entry_bytes(e["index"], e["time"], e["kind"], e["author"], e["payload"]))
    return e


def _proof(value, field, check) -> list:
    if not isinstance(value, list):
        raise StatementError(check, field, "is not a list of hashes")
    return [_hex(h, f"{field}[{i}]", check, 32) for i, h in enumerate(value)]


def _no_duplicate_keys(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _command(entry: dict, field: str, check, kind: str, keys: set) -> dict:
    """Decodes an entry's payload, the signed command, and returns its body after checking its kind and keys."""
    if entry["kind"] != kind:
        raise StatementError(check, f"{field}.kind", f"is {entry['kind']!r}, expected {kind!r}")
    try:
        signed = json.loads(entry["payload"].decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError) as error:
        raise StatementError(check, f"{field}.payload", f"is not a JSON signed command ({error})") from None
    signed = _obj(signed, f"{field}.payload", check)
    if set(signed) != {"command", "nonce", "signature"}:
        raise StatementError(check, f"{field}.payload", f"has keys {sorted(signed)}, expected command, nonce, "
                                                        "signature")
    _uint(signed["nonce"], f"{field}.payload.nonce", check)
    _hex(signed["signature"], f"{field}.payload.signature", check, 65)
    command = _obj(signed["command"], f"{field}.payload.command", check)
    if set(command) != {"body", "kind"}:
        raise StatementError(check, f"{field}.payload.command", f"has keys {sorted(command)}, expected body, kind")
    if command["kind"] != kind:
        raise StatementError(check, f"{field}.payload.command.kind", f"is {command['kind']!r}, expected {kind!r}")
    body = _obj(command["body"], f"{field}.payload.command.body", check)
    if set(body) != keys:
        raise StatementError(check, f"{field}.payload.command.body",
                             f"has keys {sorted(body)}, expected {sorted(keys)}")
    for key in keys:  # the types of the EIP-712 fields: uint64 as JSON numbers, the rest as strings
        typed = _uint if key in ("volumeWh", "consumptionStart", "consumptionEnd") else _str
        typed(body[key], f"{field}.payload.command.body.{key}", check)
    return body


def _same(check, field, got, expected, source):
    if got != expected:
        raise StatementError(check, field, f"is {got!r}, but {source} is {expected!r}")


_PART = re.compile(r"(G[OC]-[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_LOT = re.compile(r"(G[OC])-[1-9][0-9]*")


# ---------------------------------------------------------------------------------------------------------
# Checkpoint (docs/checkpoint-format.md)


_SIGNATURE_LINE = re.compile("\u2014 helio (0x[0-9a-fA-F]{40}) (0x[0-9a-f]{130})\n")
_BASE64_44 = re.compile(r"[A-Za-z0-9+/]{43}=")


def verify_checkpoint(note, origin: str, registry_address: str, field: str = "checkpoint", check=3):
    """Parses a signed checkpoint note and checks its origin and signature; returns (tree size, root, timestamp)."""
    if not isinstance(note, str):
        raise StatementError(check, field, "is not a string")
    sep = note.find("\n\n")
    if sep < 0:
        raise StatementError(check, field, "has no empty line between body and signature")
    body, signature_part = note[: sep + 1], note[sep + 2:]
    lines = body.split("\n")
    if len(lines) != 5:  # four lines, each ended by LF
        raise StatementError(check, field, f"body has {len(lines) - 1} lines, expected 4")
    got_origin, size_text, root_text, time_text = lines[:4]
    if not 1 <= len(got_origin) <= 256 or not all(0x20 <= ord(c) <= 0x7E for c in got_origin) \
            or got_origin != got_origin.strip(" "):
        raise StatementError(check, f"{field} origin line", "is not 1-256 printable ASCII bytes without "
                                                            "leading or trailing space")
    if got_origin != origin:
        raise StatementError(check, f"{field} origin line",
                             f"is {got_origin!r}, expected {origin!r} (registry.name chain registry.chainId)")
    if not _DECIMAL.fullmatch(size_text) or int(size_text) >= 2 ** 64:
        raise StatementError(check, f"{field} tree size line", f"{size_text!r} is not a canonical decimal < 2^64")
    if not _BASE64_44.fullmatch(root_text) or base64.b64encode(base64.b64decode(root_text)).decode() != root_text:
        raise StatementError(check, f"{field} root hash line", f"{root_text!r} is not canonical padded base64 of "
                                                               "32 bytes")
    if not _DECIMAL.fullmatch(time_text) or int(time_text) >= 2 ** 63:
        raise StatementError(check, f"{field} timestamp line", f"{time_text!r} is not a canonical decimal < 2^63")
    m = _SIGNATURE_LINE.fullmatch(signature_part)
    if not m:
        raise StatementError(check, f"{field} signature line",
                             "is not exactly one line '\u2014 helio <EIP-55 address> <0x + 130 lowercase hex>'")
    line_address, signature_hex = m.groups()
    recovered = recover_personal_sign(body.encode("utf-8"), bytes.fromhex(signature_hex[2:]))
    if recovered is None:
        raise StatementError(check, f"{field} signature", "is not a valid low-s secp256k1 signature with v 27/28")
    if recovered != registry_address.lower():
        raise StatementError(check, f"{field} signature",
                             f"recovers {eip55(recovered)}, not the registry address {eip55(registry_address)}")
    if line_address != eip55(recovered):
        raise StatementError(check, f"{field} signature line",
                             f"names {line_address}, expected the signer in EIP-55 form {eip55(recovered)}")
    return int(size_text), base64.b64decode(root_text), int(time_text)


# ---------------------------------------------------------------------------------------------------------
# Statements (docs/certificates.md)


def _check_statement(doc, registry_address: str) -> dict:
    """Checks 1-7; returns what an aggregate needs to know."""
    # 1. the format is known
    doc = _obj(doc, "statement", 1)
    fmt = _get(doc, "format", "format", 1)
    if fmt != STATEMENT_FORMAT:
        raise StatementError(1, "format", f"is {fmt!r}, expected {STATEMENT_FORMAT!r}")

    # 2. registry.checkpointAddress is the address given
    trusted = _address(registry_address, "registry address given", 2)
    registry = _obj(_get(doc, "registry", "registry", 2), "registry", 2)
    named = _address(_get(registry, "checkpointAddress", "registry.checkpointAddress", 2),
                     "registry.checkpointAddress", 2)
    if named != trusted:
        raise StatementError(2, "registry.checkpointAddress",
                             f"is {eip55(named)}: a statement for another registry than {eip55(trusted)}")

    # 3. the checkpoint parses, names this registry and chain, and the registry signed it
    name = _str(_get(registry, "name", "registry.name", 3), "registry.name", 3)
    chain_id = _uint(_get(registry, "chainId", "registry.chainId", 3), "registry.chainId", 3, bits=256)
    note = _get(doc, "checkpoint", "checkpoint", 3)
    size, root, _ = verify_checkpoint(note, f"{name} chain {chain_id}", trusted)

    def prove(entry, proof, field, check):
        if entry["index"] >= size:
            raise StatementError(check, f"{field}.index",
                                 f"{entry['index']} is not below the checkpoint's tree size {size}")
        if root_from_inclusion_proof(entry["leaf"], entry["index"], size, proof) != root:
            where = "the cancellation entry" if field == "entry" else field
            raise StatementError(check, "inclusionProof" if field == "entry" else f"{field}.inclusionProof",
                                 f"inclusion proof of {where} does not lead to the checkpoint root")

    # 4. the cancellation entry is in the checkpoint's tree
    entry = _entry(_get(doc, "entry", "entry", 4), "entry", 4)
    prove(entry, _proof(_get(doc, "inclusionProof", "inclusionProof", 4), "inclusionProof", 4), "entry", 4)

    # 5. the entry is a CancelCertificate that says exactly what `cancellation` says
    c = _obj(_get(doc, "cancellation", "cancellation", 5), "cancellation", 5)

    def cf(key, kind):
        value = _get(c, key, f"cancellation.{key}", 5)
        return kind(value, f"cancellation.{key}", 5)

    body = _command(entry, "entry", 5, "CancelCertificate", CANCEL_KEYS)
    for key, c_key, kind in (("part", "fromPart", _str), ("volumeWh", "volumeWh", _uint), ("purpose", "purpose", _str),
                             ("consumptionStart", "consumptionStart", _uint),
                             ("consumptionEnd", "consumptionEnd", _uint), ("location", "location", _str)):
        _same(5, f"entry.payload.command.body.{key}", body[key], cf(c_key, kind), f"cancellation.{c_key}")
    commitment = cf("beneficiaryCommitment", lambda v, f, k: _hex(v, f, k, 32))
    signed_commitment = body["beneficiaryCommitment"]
    if signed_commitment.lower() != "0x" + commitment.hex():
        raise StatementError(5, "entry.payload.command.body.beneficiaryCommitment",
                             f"is {signed_commitment!r}, but cancellation.beneficiaryCommitment is "
                             f"0x{commitment.hex()}")
    holder = cf("holder", _address)
    if entry["author"] != holder:
        raise StatementError(5, "entry.author", f"is {entry['author']}, but cancellation.holder is {holder}")
    _same(5, "entry.index", entry["index"], cf("entryIndex", _uint), "cancellation.entryIndex")
    _same(5, "entry.time", entry["time"], cf("time", _uint), "cancellation.time")
    if cf("id", _str) != str(entry["index"]):
        raise StatementError(5, "cancellation.id", f"is {c['id']!r}, but the entry's index is {entry['index']}")

    # 6. the beneficiary opening hashes to the commitment (null: erased, nothing left to check)
    opening = _get(doc, "beneficiary", "beneficiary", 6)
    beneficiary_name = None
    if opening is not None:
        opening = _obj(opening, "beneficiary", 6)
        salt = _hex(_get(opening, "salt", "beneficiary.salt", 6), "beneficiary.salt", 6, 32)
        beneficiary_name = _str(_get(opening, "name", "beneficiary.name", 6), "beneficiary.name", 6)
        address = _str(_get(opening, "address", "beneficiary.address", 6), "beneficiary.address", 6)
        if not 1 <= len(beneficiary_name.encode("utf-8")) <= 200:
            raise StatementError(6, "beneficiary.name", "is not 1-200 UTF-8 bytes")
        if len(address.encode("utf-8")) > 500:
            raise StatementError(6, "beneficiary.address", "is more than 500 UTF-8 bytes")
        if beneficiary_commitment(salt, beneficiary_name, address) != commitment:
            raise StatementError(6, "beneficiary", "the opening (salt, name, address) does not hash to "
                                                   "cancellation.beneficiaryCommitment")

    # 7. the lineage: <lot>.0 from lot.issuanceEntry, parent to child, to the cancelled part
    lot = _obj(_get(doc, "lot", "lot", 7), "lot", 7)
    lot_id = _str(_get(lot, "id", "lot.id", 7), "lot.id", 7)
    m = _LOT.fullmatch(lot_id)
    if not m:
        raise StatementError(7, "lot.id", f"{lot_id!r} is not <GO|GC>-<n>")
    _same(7, "lot.scheme", _get(lot, "scheme", "lot.scheme", 7), m.group(1), "the scheme of lot.id")
    issuance_entry = _uint(_get(lot, "issuanceEntry", "lot.issuanceEntry", 7), "lot.issuanceEntry", 7)
    _same(7, "cancellation.lot", cf("lot", _str), lot_id, "lot.id")
    lineage = _get(doc, "lineage", "lineage", 7)
    if not isinstance(lineage, list) or len(lineage) < 2:
        raise StatementError(7, "lineage", "is not a list of at least two steps (issued part, cancelled part)")
    seen, previous = set(), None
    for i, raw in enumerate(lineage):
        f = f"lineage[{i}]"
        step = _obj(raw, f, 7)
        part = _str(_get(step, "part", f"{f}.part", 7), f"{f}.part", 7)
        pm = _PART.fullmatch(part)
        if not pm or pm.group(1) != lot_id:
            raise StatementError(7, f"{f}.part", f"{part!r} is not a part <lot>.<k> of lot {lot_id}")
        if part in seen:
            raise StatementError(7, f"{f}.part", f"{part} appears twice")
        seen.add(part)
        parent = _get(step, "parent", f"{f}.parent", 7)
        owner = _address(_get(step, "owner", f"{f}.owner", 7), f"{f}.owner", 7)
        volume = _uint(_get(step, "volumeWh", f"{f}.volumeWh", 7), f"{f}.volumeWh", 7)
        e = _entry(_get(step, "entry", f"{f}.entry", 7), f"{f}.entry", 7)
        prove(e, _proof(_get(step, "inclusionProof", f"{f}.inclusionProof", 7), f"{f}.inclusionProof", 7), f, 7)
        if previous is None:
            _same(7, f"{f}.part", part, f"{lot_id}.0", "the issued part (first step)")
            if parent is not None:
                raise StatementError(7, f"{f}.parent", f"is {parent!r}, expected null for the issued part")
            if e["index"] != issuance_entry:
                raise StatementError(7, f"{f}.entry.index",
                                     f"is {e['index']}, not the lot's issuance entry {issuance_entry}")
            if e["kind"] not in ISSUANCE_KINDS:
                raise StatementError(7, f"{f}.entry.kind", f"is {e['kind']!r}, not a reading entry")
        else:
            if parent != previous["part"]:
                raise StatementError(7, f"{f}.parent",
                                     f"is {parent!r}, but the previous step is {previous['part']!r}")
            if e["index"] <= previous["entry"]["index"]:
                raise StatementError(7, f"{f}.entry.index", f"{e['index']} is not after its parent's entry "
                                                            f"{previous['entry']['index']}")
            last = i == len(lineage) - 1
            kind, keys = ("CancelCertificate", CANCEL_KEYS) if last else ("TransferCertificate", TRANSFER_KEYS)
            step_body = _command(e, f"{f}.entry", 7, kind, keys)
            if step_body["part"] != parent:
                raise StatementError(7, f"{f}.entry.payload.command.body.part",
                                     f"is {step_body['part']!r}, but the step's parent is {parent!r}")
            if step_body["volumeWh"] != volume:
                raise StatementError(7, f"{f}.entry.payload.command.body.volumeWh",
                                     f"is {step_body['volumeWh']!r}, but the step's volume is {volume}")
            if e["author"] != previous["owner"]:
                raise StatementError(7, f"{f}.entry.author",
                                     f"is {e['author']}, not the owner of parent {parent} ({previous['owner']})")
            if last:
                if {k: e[k] for k in ("index", "time", "kind", "author", "payload")} != \
                        {k: entry[k] for k in ("index", "time", "kind", "author", "payload")}:
                    raise StatementError(7, f"{f}.entry", "is not the cancellation entry")
                _same(7, f"{f}.part", part, cf("part", _str), "the cancelled part cancellation.part")
                _same(7, f"{f}.volumeWh", volume, body["volumeWh"], "the cancelled volume")
            else:
                to = step_body["to"]
                if to.lower() != owner:
                    raise StatementError(7, f"{f}.entry.payload.command.body.to",
                                         f"is {to!r}, but the step's owner is {owner}")
        previous = {"part": part, "owner": owner, "entry": e}

    return {"id": c["id"], "volumeWh": body["volumeWh"], "name": beneficiary_name,
            "consumptionStart": body["consumptionStart"], "consumptionEnd": body["consumptionEnd"],
            "checkpoint": note}


def verify_statement(doc: dict, registry_address: str) -> None:
    """Checks 1-7 of docs/certificates.md; raises StatementError naming the failed check and field."""
    _check_statement(doc, registry_address)


def verify_aggregate(doc: dict, registry_address: str) -> None:
    """Every statement holds against one checkpoint, names the beneficiary, lies in [from, to); totalWh adds up."""
    check = "aggregate"
    doc = _obj(doc, "aggregate statement", check)
    fmt = _get(doc, "format", "format", check)
    if fmt != AGGREGATE_FORMAT:
        raise StatementError(check, "format", f"is {fmt!r}, expected {AGGREGATE_FORMAT!r}")
    name = _str(_get(doc, "beneficiary", "beneficiary", check), "beneficiary", check)
    start = _uint(_get(doc, "from", "from", check), "from", check)
    end = _uint(_get(doc, "to", "to", check), "to", check)
    total = _uint(_get(doc, "totalWh", "totalWh", check), "totalWh", check, bits=256)
    statements = _get(doc, "statements", "statements", check)
    if not isinstance(statements, list):
        raise StatementError(check, "statements", "is not a list")
    checkpoint, ids, volume = None, set(), 0
    for i, statement in enumerate(statements):
        f = f"statements[{i}]"
        try:
            s = _check_statement(statement, registry_address)
        except StatementError as error:
            raise StatementError(error.check, f"{f}.{error.field}", error.detail) from None
        if checkpoint is None:
            checkpoint = s["checkpoint"]
        elif s["checkpoint"] != checkpoint:
            raise StatementError(check, f"{f}.checkpoint", "is not the checkpoint of statements[0]")
        if s["id"] in ids:
            raise StatementError(check, f"{f}.cancellation.id", f"cancellation {s['id']} is counted twice")
        ids.add(s["id"])
        if s["name"] is None:
            raise StatementError(check, f"{f}.beneficiary", "is null: the statement names no beneficiary")
        if s["name"] != name:
            raise StatementError(check, f"{f}.beneficiary.name", f"is {s['name']!r}, not {name!r}")
        if not (start <= s["consumptionStart"] and s["consumptionEnd"] <= end):
            raise StatementError(check, f"{f}.cancellation",
                                 f"consumption period [{s['consumptionStart']}, {s['consumptionEnd']}) is not "
                                 f"inside [{start}, {end})")
        volume += s["volumeWh"]
    if volume != total:
        raise StatementError(check, "totalWh", f"is {total}, but the statements' volumes add up to {volume}")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: statement_verifier.py statement.json 0xREGISTRY_ADDRESS", file=sys.stderr)
        return 2
    path, address = argv
    try:
        with open(path, "rb") as f:
            doc = json.loads(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"statement does not hold: cannot read {path}: {error}", file=sys.stderr)
        return 1
    aggregate = isinstance(doc, dict) and doc.get("format") == AGGREGATE_FORMAT
    try:
        (verify_aggregate if aggregate else verify_statement)(doc, address)
    except StatementError as error:
        print(f"statement does not hold: {error}", file=sys.stderr)
        return 1
    print("aggregate statement holds" if aggregate else "statement holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
