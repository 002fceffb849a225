#!/usr/bin/env python3
"""Writes the BIP-39 and BIP-44 vectors:

* Tests/HelioCryptoTests/Vectors/bip39/trezor-english.json: the 24 English vectors of trezor's
  python-mnemonic (vectors.json, passphrase "TREZOR"), recomputed here from their entropies with the
  PyPI `mnemonic` package (the reference implementation) and checked against published values.
  Each row: [entropy hex, mnemonic, seed hex, BIP-32 master xprv].
* Tests/HelioCryptoTests/Vectors/bip39/invalid.json: broken siblings (unknown word, bad checksum, wrong
  word count) that `mnemonic` also refuses, plus phrases with untidy whitespace/case that must give
  the same seed as their tidy form.
* Tests/HelioCryptoTests/Vectors/bip32/bip44-ethereum.json: m/44'/60'/0'/0/i keys from eth-account's
  Account.from_mnemonic (indices 0-4, with and without a passphrase).

Run: /work/main/.venv/bin/python Scripts/vectors/gen_bip39.py
"""
import json
import pathlib

from eth_account import Account
from mnemonic import Mnemonic

ROOT = pathlib.Path(__file__).resolve().parents[2] / "Tests/HelioCryptoTests/Vectors"

# Entropies of trezor/python-mnemonic vectors.json, "english" section, in order.
TREZOR_ENTROPIES = [
    "00" * 16, "7f" * 16, "80" * 16, "ff" * 16,
    "00" * 24, "7f" * 24, "80" * 24, "ff" * 24,
    "00" * 32, "7f" * 32, "80" * 32, "ff" * 32,
    "9e885d952ad362caeb4efe34a8e91bd2",
    "6610b25967cdcca9d59875f5cb50b0ea75433311869e930b",
    "68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c",
    "c0ba5a8e914111210f2bd131f3d5e08d",
    "6d9be1ee6ebd27a258115aad99b7317b9c8d28b6d76431c3",
    "9f6a2878b2520799a44ef18bc7df394e7061a224d2c33cd015b157d746869863",
    "23db8160a31d3e0dca3688ed941adbf3",
    "8197a4a47f0425faeaa69deebc05ca29c0a5b5cc76ceacc0",
    "066dca1a2bb7e8a1db2832148ce9933eea0f3ac9548d793112d9a95c9407efad",
    "f30f8c1da665478f49b001d94c5fc452",
    "c10ec20dc3cd9f652c7fac2f1230f7a3c828389a14392f05",
    "f585c11aec520db57dd353c69554b21a89b20fb0650966fa0a9d6f74fd989d8f",
]
# Spot checks against the published file (first and last rows).
PUBLISHED = {
    0: ("c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
        "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
        "xprv9s21ZrQH143K3h3fDYiay8mocZ3afhfULfb5GX8kCBdno77K4HiA"
        "15Tg23wpbeF1pLfs1c5SPmYHrEpTuuRhxMwvKDwqdKiGJS9XFKzUsAF"),
    23: ("01f5bced59dec48e362f2c45b5de68b9fd6c92c6634f44d6d40aab69056506f0"
        "e35524a518034ddc1192e1dacd32c1ed3eaa3c3b131c88ed8e7e54c49a5d0998",
        "xprv9s21ZrQH143K39rnQJknpH1WEPFJrzmAqqasiDcVrNuk926oizzJ"
        "DDQkdiTvNPr2FYDYzWgiMiC63YmfPAa2oPyNB23r2g7d1yiK6WpqaQS"),
}

JUNK = "test test test test test test test test test test test junk"


def trezor_vectors(m: Mnemonic):
    rows = []
    for i, entropy in enumerate(TREZOR_ENTROPIES):
        phrase = m.to_mnemonic(bytes.fromhex(entropy))
        seed = Mnemonic.to_seed(phrase, passphrase="TREZOR")
        xprv = Mnemonic.to_hd_master_key(seed)
        if i in PUBLISHED:
            assert (seed.hex(), xprv) == PUBLISHED[i], i
        rows.append([entropy, phrase, seed.hex(), xprv])
    return rows


def invalid_vectors(m: Mnemonic):
    words = m.wordlist
    base = "legal winner thank year wave sausage worth useful legal winner thank yellow"
    parts = base.split()
    # Another valid last word that breaks the checksum.
    bad_last = next(w for w in words if w != parts[-1] and not m.check(" ".join(parts[:-1] + [w])))
    cases = [
        {"phrase": " ".join(parts[:5] + ["bitcoin"] + parts[6:]), "contains": "bitcoin",
         "note": "unknown word (named in the message)"},
        {"phrase": " ".join(parts[:-1] + [bad_last]), "contains": "checksum", "note": "bad checksum"},
        {"phrase": "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo", "contains": "checksum",
         "note": "all words valid, checksum wrong"},
        {"phrase": " ".join(parts[:-1]), "contains": "11", "note": "11 words"},
        {"phrase": base + " abandon", "contains": "13", "note": "13 words"},
        {"phrase": " ".join(["abandon"] * 26 + ["art"]), "contains": "27", "note": "27 words"},
        {"phrase": "", "contains": "0", "note": "empty"},
        {"phrase": "abandon, abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
         "contains": "abandon,", "note": "punctuation is not whitespace"},
    ]
    for case in cases:
        assert not m.check(case["phrase"]), case
    tidy = [
        {"phrase": "  Legal winner\tthank YEAR wave sausage worth useful legal winner thank yellow \n",
         "canonical": base},
        {"phrase": "abandon  abandon abandon abandon abandon abandon\nabandon abandon abandon abandon abandon ABOUT",
         "canonical": "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"},
    ]
    for case in tidy:
        case["seedTREZOR"] = Mnemonic.to_seed(case["canonical"], passphrase="TREZOR").hex()
    return {"invalid": cases, "untidy": tidy}


def bip44_vectors():
    Account.enable_unaudited_hdwallet_features()
    rows = []
    about = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
    for phrase in [JUNK, about]:
        for passphrase in ["", "helio ✓ passphrase"]:
            for index in range(5):
                path = f"m/44'/60'/0'/0/{index}"
                acct = Account.from_mnemonic(phrase, passphrase=passphrase, account_path=path)
                rows.append({"mnemonic": phrase, "passphrase": passphrase, "path": path,
                             "privateKey": acct.key.hex().removeprefix("0x"), "address": acct.address})
    path = "m/44'/60'/1'/0/7"
    acct = Account.from_mnemonic(JUNK, account_path=path)
    rows.append({"mnemonic": JUNK, "passphrase": "", "path": path,
                 "privateKey": acct.key.hex().removeprefix("0x"), "address": acct.address})
    assert rows[0]["address"] == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    assert rows[1]["address"] == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    return rows


def write(path: pathlib.Path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def main():
    m = Mnemonic("english")
    write(ROOT / "bip39/trezor-english.json", {"passphrase": "TREZOR", "english": trezor_vectors(m)})
    write(ROOT / "bip39/invalid.json", invalid_vectors(m))
    write(ROOT / "bip32/bip44-ethereum.json", {"vectors": bip44_vectors()})
    print("wrote bip39/trezor-english.json, bip39/invalid.json, bip32/bip44-ethereum.json")


if __name__ == "__main__":
    main()
