#!/usr/bin/env python3
"""Regenerates Tests/HelioCryptoTests/Vectors/core/*.json from the reference Python packages
(pycryptodome's Keccak, eth-utils' EIP-55, eth-account's signing). Deterministic: same output each run.

Run: .venv/bin/python Scripts/vectors/gen_core.py
"""
import json
import pathlib

from Crypto.Hash import keccak
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import to_checksum_address

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/HelioCryptoTests/Vectors/core"
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def k256(data: bytes) -> str:
    return keccak.new(digest_bits=256, data=data).hexdigest()


def keccak_vectors():
    # Inputs are given as (label, hex of input) or (label, repeated byte, count) to keep the file small.
    cases = [
        {"name": "empty", "input_hex": ""},
        {"name": "abc", "input_hex": b"abc".hex()},
        {"name": "135 bytes (one short of the rate)", "repeat": "61", "count": 135},
        {"name": "136 bytes (exactly the rate)", "repeat": "61", "count": 136},
        {"name": "137 bytes (one past the rate)", "repeat": "61", "count": 137},
        {"name": "272 bytes (two blocks)", "repeat": "ff", "count": 272},
        {"name": "one million 'a'", "repeat": "61", "count": 1_000_000},
        {"name": "ascending bytes 0..255", "input_hex": bytes(range(256)).hex()},
    ]
    for c in cases:
        data = bytes.fromhex(c["input_hex"]) if "input_hex" in c else bytes.fromhex(c["repeat"]) * c["count"]
        c["keccak256"] = k256(data)
    return cases


def eip55_vectors():
    # The four EIP-55 spec addresses plus a few derived from keys 1..4.
    spec = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ]
    derived = [Account.from_key(i.to_bytes(32, "big")).address for i in range(1, 5)]
    valid = [{"checksummed": a, "lower": a.lower(), "upper": "0x" + a[2:].upper()} for a in spec + derived]
    for v in valid:
        assert to_checksum_address(v["lower"]) == v["checksummed"]
    # Invalid siblings: flip the case of one letter (a wrong checksum), wrong lengths, non-hex.
    invalid = []
    for a in spec:
        i = next(i for i, ch in enumerate(a) if i > 1 and ch.isalpha())
        flipped = a[:i] + a[i].swapcase() + a[i + 1:]
        invalid.append({"text": flipped, "error": "bad_checksum"})
    invalid += [
        {"text": spec[0][:-1], "error": "invalid_address"},
        {"text": spec[0] + "0", "error": "invalid_address"},
        {"text": "0x" + "g" * 40, "error": "invalid_address"},
        {"text": "", "error": "invalid_address"},
        {"text": "0x0x" + spec[0][2:40], "error": "invalid_address"},
    ]
    return {"valid": valid, "invalid": invalid}


def signature_vectors():
    valid, invalid = [], []
    for i, msg in enumerate([b"test", b"hello", b"", "Grüße ☀".encode(), bytes(range(40))]):
        key = (i + 1).to_bytes(32, "big") if i else (1).to_bytes(32, "big")
        if i >= 2:
            key = k256(b"helio-test-key-%d" % i)
            key = bytes.fromhex(key)
        acct = Account.from_key(key)
        signed = Account.sign_message(encode_defunct(primitive=msg), key)
        valid.append({
            "private_key": key.hex(),
            "address": acct.address,
            "public_key_uncompressed": "04" + acct._key_obj.public_key.to_bytes().hex(),
            "message_hex": msg.hex(),
            "eip191_hash": "0x" + signed.message_hash.hex().removeprefix("0x"),
            "signature": "0x" + signed.signature.hex().removeprefix("0x"),
        })
    # Invalid siblings of the first vector (key 1, "test").
    sig = bytes.fromhex(valid[0]["signature"].removeprefix("0x"))
    r, s, v = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big"), sig[64]
    high_s = r.to_bytes(32, "big") + (N - s).to_bytes(32, "big") + bytes([55 - v])
    invalid += [
        {"name": "high-S twin of a valid signature", "signature": high_s.hex(), "error": "high_s_signature"},
        {"name": "r = 0", "signature": (bytes(32) + sig[32:]).hex(), "error": "invalid_signature"},
        {"name": "s = 0", "signature": (sig[:32] + bytes(32) + sig[64:]).hex(), "error": "invalid_signature"},
        {"name": "r = n", "signature": (N.to_bytes(32, "big") + sig[32:]).hex(), "error": "invalid_signature"},
        {"name": "v = 29", "signature": (sig[:64] + bytes([29])).hex(), "error": "invalid_recovery_id"},
        {"name": "truncated (64 bytes)", "signature": sig[:64].hex(), "error": "invalid_length"},
        {"name": "too long (66 bytes)", "signature": (sig + b"\x00").hex(), "error": "invalid_length"},
    ]
    return {"valid": valid, "invalid": invalid}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in [("keccak256.json", keccak_vectors()), ("eip55.json", eip55_vectors()),
                       ("signatures.json", signature_vectors())]:
        (OUT / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
