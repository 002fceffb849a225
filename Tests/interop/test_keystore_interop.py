"""Keystores cross between helio and eth-keyfile (the reference Web3 Secret Storage implementation)."""
import json
import os
import stat

import eth_keyfile
import pytest
from eth_account import Account

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("kdf,params", [("scrypt", {"iterations": 1024}), ("pbkdf2", {"iterations": 2000})])
def test_eth_keyfile_keystores_open_in_helio(helio, tmp_path, kdf, params):
    key = os.urandom(32)
    data = eth_keyfile.create_keyfile_json(key, PASSWORD.encode(), kdf=kdf, **params)
    path = tmp_path / f"{kdf}.json"
    path.write_text(json.dumps(data))
    out = helio.json("wallet", "decrypt-keystore", path, password=PASSWORD)
    assert out["private_key"] == "0x" + key.hex()
    assert out["address"] == Account.from_key(key).address


def test_key_names_in_any_case_open_in_helio(helio, tmp_path):
    key = os.urandom(32)
    data = eth_keyfile.create_keyfile_json(key, PASSWORD.encode(), kdf="pbkdf2", iterations=1000)
    data["Crypto"] = data.pop("crypto")
    data["Crypto"]["KDF"] = data["Crypto"].pop("kdf")
    path = tmp_path / "upper.json"
    path.write_text(json.dumps(data))
    assert helio.json("wallet", "decrypt-keystore", path, password=PASSWORD)["private_key"] == "0x" + key.hex()


@pytest.mark.parametrize("flags", [["--light"], ["--kdf", "pbkdf2"], []], ids=["scrypt-light", "pbkdf2", "scrypt-standard"])
def test_helio_keystores_open_in_eth_keyfile(helio, flags):
    created = helio.json("wallet", "new", *flags, password=PASSWORD)
    path = created["path"]
    data = json.loads(open(path).read())
    key = eth_keyfile.decode_keyfile_json(data, PASSWORD.encode())
    assert Account.from_key(key).address == created["address"]
    # geth's layout: mode 0600 file in a 0700 folder, named UTC--<time>--<address>.
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    name = os.path.basename(path)
    assert name.startswith("UTC--") and name.endswith("--" + created["address"][2:].lower())
    # And helio reads back the same key, which it prints only when asked.
    assert helio.json("wallet", "decrypt-keystore", path, password=PASSWORD)["private_key"] == "0x" + key.hex()


def test_imported_private_key_round_trips_through_eth_keyfile(helio):
    key = os.urandom(32)
    created = helio.json("wallet", "import", "--private-key", key.hex(), "--kdf", "pbkdf2", password=PASSWORD)
    data = json.loads(open(created["path"]).read())
    assert eth_keyfile.decode_keyfile_json(data, PASSWORD.encode()) == key
    assert data["version"] == 3 and data["crypto"]["cipher"] == "aes-128-ctr"
