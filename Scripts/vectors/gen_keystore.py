#!/usr/bin/env python3
"""Writes the Keystore v3 (Web3 Secret Storage) vectors in Tests/HelioCryptoTests/Vectors/keystore/.

* spec-pbkdf2.json: the test vector of the Web3 Secret Storage definition, copied as published
  (pbkdf2, c = 262144); checked here against eth-keyfile before it is written.
* scrypt-*.json, pbkdf2-*.json: made by eth-keyfile's create_keyfile_json (and, for the r/p shapes that
  function does not offer, by eth-keyfile's own scrypt/AES/keccak helpers) with SMALL costs so the
  Swift tests stay fast. eth-keyfile's randomness (salt, iv, uuid) is replaced by a deterministic
  stream, so running this script again rewrites byte-identical files.
* invalid-*.json: siblings of a valid file with one thing wrong; manifest.json says what each case
  must produce (the private key and address, or a HelioCrypto error code).

Run: /work/main/.venv/bin/python Scripts/vectors/gen_keystore.py
"""
import copy
import hashlib
import json
import pathlib
import uuid

import eth_keyfile.keyfile as kf
from eth_keys import keys
from eth_utils import keccak

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/HelioCryptoTests/Vectors/keystore"


class DeterministicRandom:
    """SHA-256 counter stream standing in for eth-keyfile's os-level randomness (test data only)."""

    def __init__(self, label: str):
        self.label = label.encode()
        self.counter = 0

    def bytes(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            out += hashlib.sha256(self.label + self.counter.to_bytes(8, "big")).digest()
            self.counter += 1
        return out[:n]


def make_with_eth_keyfile(label, secret, password, kdf, work):
    rng = DeterministicRandom(label)
    kf.Random.get_random_bytes = rng.bytes
    kf.uuid4 = lambda: uuid.UUID(bytes=rng.bytes(16), version=4)
    return kf.create_keyfile_json(secret, password.encode(), kdf=kdf, iterations=work)


def make_scrypt_shape(label, secret, password, n, r, p):
    """Same layout as create_keyfile_json, for scrypt r/p values it does not expose (geth --light)."""
    rng = DeterministicRandom(label)
    salt, iv = rng.bytes(32), rng.bytes(16)
    dk = kf._scrypt_hash(password.encode(), salt=salt, buflen=32, r=r, p=p, n=n)
    ciphertext = kf.encrypt_aes_ctr(secret, dk[:16], int.from_bytes(iv, "big"))
    return {
        "address": keys.PrivateKey(secret).public_key.to_address()[2:],
        "crypto": {
            "cipher": "aes-128-ctr",
            "cipherparams": {"iv": iv.hex()},
            "ciphertext": ciphertext.hex(),
            "kdf": "scrypt",
            "kdfparams": {"dklen": 32, "n": n, "p": p, "r": r, "salt": salt.hex()},
            "mac": keccak(dk[16:32] + ciphertext).hex(),
        },
        "id": str(uuid.UUID(bytes=rng.bytes(16), version=4)),
        "version": 3,
    }


# The Web3 Secret Storage definition's pbkdf2 test vector, as published (it has no address field).
SPEC_PBKDF2 = {
    "crypto": {
        "cipher": "aes-128-ctr",
        "cipherparams": {"iv": "6087dab2f9fdbbfaddc31a909735c1e6"},
        "ciphertext": "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
        "kdf": "pbkdf2",
        "kdfparams": {
            "c": 262144,
            "dklen": 32,
            "prf": "hmac-sha256",
            "salt": "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd",
        },
        "mac": "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
    },
    "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
    "version": 3,
}
SPEC_SECRET = "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d"

# Hardhat/anvil account #0 and #1: well known, never to hold value.
KEY_A = bytes.fromhex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
KEY_B = bytes.fromhex("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")


def address_of(secret: bytes) -> str:
    return keys.PrivateKey(secret).public_key.to_checksum_address()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    files, cases = {}, []

    def valid(name, body, password, secret, note):
        files[name] = body
        assert kf.decode_keyfile_json(body, password.encode()) == secret, name
        cases.append({"file": name, "password": password, "privateKey": secret.hex(),
                      "address": address_of(secret), "note": note})

    def invalid(name, body, password, error, note, eth_keyfile_rejects=True):
        files[name] = body
        if eth_keyfile_rejects:
            try:
                kf.decode_keyfile_json(body, password.encode())
            except Exception:
                pass
            else:
                raise AssertionError(f"eth-keyfile accepted {name}")
        cases.append({"file": name, "password": password, "error": error, "note": note})

    spec_secret = bytes.fromhex(SPEC_SECRET)
    valid("spec-pbkdf2.json", SPEC_PBKDF2, "testpassword", spec_secret,
          "Web3 Secret Storage definition test vector (pbkdf2, c=262144)")
    assert address_of(spec_secret).lower() == "0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b"

    s1024 = make_with_eth_keyfile("scrypt-1024", KEY_A, "correct horse", "scrypt", 1024)
    valid("scrypt-n1024.json", s1024, "correct horse", KEY_A, "eth-keyfile scrypt n=1024 r=8 p=1")
    s4096 = make_with_eth_keyfile("scrypt-4096", KEY_B, "pässwörd ✓", "scrypt", 4096)
    valid("scrypt-n4096-unicode.json", s4096, "pässwörd ✓", KEY_B,
          "eth-keyfile scrypt n=4096, non-ASCII password (UTF-8 bytes, not normalised)")
    light = make_scrypt_shape("scrypt-light", KEY_A, "light", 1024, 8, 6)
    valid("scrypt-n1024-p6.json", light, "light", KEY_A, "geth --light shape (r=8 p=6) with small n")
    p1000 = make_with_eth_keyfile("pbkdf2-1000", KEY_B, "", "pbkdf2", 1000)
    valid("pbkdf2-c1000-empty-password.json", p1000, "", KEY_B, "eth-keyfile pbkdf2 c=1000, empty password")

    upper = copy.deepcopy(s1024)
    upper["Crypto"] = upper.pop("crypto")
    upper["Crypto"]["CipherParams"] = upper["Crypto"].pop("cipherparams")
    upper["ID"] = upper.pop("id")
    valid("scrypt-capitalised-keys.json", upper, "correct horse", KEY_A,
          "key names in another case (MyEtherWallet writes \"Crypto\")")

    invalid("scrypt-n1024.json", s1024, "wrong horse", "wrong_password", "same file, wrong password")
    invalid("spec-pbkdf2.json", SPEC_PBKDF2, "testpassworD", "wrong_password", "spec vector, wrong password")

    def tampered(base, path, value):
        body = copy.deepcopy(base)
        node = body
        for key in path[:-1]:
            node = node[key]
        if value is None:
            del node[path[-1]]
        else:
            node[path[-1]] = value
        return body

    def flip_hex(text):
        return text[:-1] + ("0" if text[-1] != "0" else "1")

    invalid("invalid-mac.json", tampered(s1024, ["crypto", "mac"], flip_hex(s1024["crypto"]["mac"])),
            "correct horse", "wrong_password", "last MAC nibble changed")
    invalid("invalid-ciphertext.json",
            tampered(s1024, ["crypto", "ciphertext"], flip_hex(s1024["crypto"]["ciphertext"])),
            "correct horse", "wrong_password", "last ciphertext nibble changed")
    invalid("invalid-salt.json",
            tampered(s1024, ["crypto", "kdfparams", "salt"], flip_hex(s1024["crypto"]["kdfparams"]["salt"])),
            "correct horse", "wrong_password", "last salt nibble changed")
    invalid("invalid-unsupported-kdf.json", tampered(s1024, ["crypto", "kdf"], "argon2id"),
            "correct horse", "unsupported_kdf", "kdf argon2id")
    invalid("invalid-unsupported-cipher.json", tampered(s1024, ["crypto", "cipher"], "aes-128-cbc"),
            "correct horse", "unsupported_cipher", "cipher aes-128-cbc", eth_keyfile_rejects=False)
    invalid("invalid-scrypt-dklen.json", tampered(s1024, ["crypto", "kdfparams", "dklen"], 64),
            "correct horse", "unsupported_kdf", "scrypt dklen 64", eth_keyfile_rejects=False)
    invalid("invalid-pbkdf2-prf.json", tampered(p1000, ["crypto", "kdfparams", "prf"], "hmac-sha512"),
            "", "unsupported_kdf", "pbkdf2 prf hmac-sha512", eth_keyfile_rejects=False)
    invalid("invalid-scrypt-n-not-power-of-two.json", tampered(s1024, ["crypto", "kdfparams", "n"], 1000),
            "correct horse", "invalid_keystore", "scrypt n must be a power of two > 1")
    invalid("invalid-missing-mac.json", tampered(s1024, ["crypto", "mac"], None),
            "correct horse", "invalid_keystore", "no mac")
    invalid("invalid-missing-ciphertext.json", tampered(s1024, ["crypto", "ciphertext"], None),
            "correct horse", "invalid_keystore", "no ciphertext")
    invalid("invalid-missing-iv.json", tampered(s1024, ["crypto", "cipherparams", "iv"], None),
            "correct horse", "invalid_keystore", "no cipherparams.iv")
    invalid("invalid-missing-salt.json", tampered(s1024, ["crypto", "kdfparams", "salt"], None),
            "correct horse", "invalid_keystore", "no kdfparams.salt")
    invalid("invalid-missing-crypto.json", tampered(s1024, ["crypto"], None),
            "correct horse", "invalid_keystore", "no crypto object")
    invalid("invalid-version.json", tampered(s1024, ["version"], 4),
            "correct horse", "invalid_keystore", "version 4 (v3 fields)")
    invalid("invalid-iv-length.json", tampered(s1024, ["crypto", "cipherparams", "iv"], "00" * 15),
            "correct horse", "invalid_keystore", "iv of 15 bytes", eth_keyfile_rejects=False)
    invalid("invalid-mac-not-hex.json", tampered(s1024, ["crypto", "mac"], "zz" + s1024["crypto"]["mac"][2:]),
            "correct horse", "invalid_keystore", "mac is not hex")
    invalid("invalid-address-mismatch.json", tampered(s1024, ["address"], address_of(KEY_B)[2:].lower()),
            "correct horse", "invalid_keystore",
            "address field names another account (MAC is fine)", eth_keyfile_rejects=False)

    for name, body in files.items():
        (OUT / name).write_text(json.dumps(body, indent=4, ensure_ascii=False) + "\n")
    (OUT / "not-a-keystore.json").write_text('{"hello": "world"}\n')
    (OUT / "manifest.json").write_text(json.dumps({"cases": cases}, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(files)} keystores and {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
