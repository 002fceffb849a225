"""The wallet CLI through real command lines: normal flows, and every bad input giving a one-line error,
a non-zero exit status and no file left behind."""
import json
import os

import eth_keyfile
import pytest
from eth_account import Account
from eth_account.messages import encode_defunct

PASSWORD = "pw-for-tests"
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def test_new_list_sign_remove_flow(helio):
    created = helio.json("wallet", "new", "--light", password=PASSWORD)
    assert "private_key" not in created  # keys are printed only by commands that exist to print them
    listed = helio.json("wallet", "list")
    assert [e["address"] for e in listed] == [created["address"]]
    text = helio.run("wallet", "sign", "--account", created["address"], "hello", password=PASSWORD).stdout.strip()
    assert Account.recover_message(encode_defunct(text="hello"), signature=text) == created["address"]
    assert helio.run("wallet", "address", "--account", created["address"], password=PASSWORD).stdout.strip() == created["address"]
    assert "without --yes" in helio.fail("wallet", "remove", created["address"])
    assert len(helio.keystore_files()) == 1
    helio.run("wallet", "remove", created["address"], "--yes")
    assert helio.keystore_files() == []


def test_password_from_file(helio, tmp_path):
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n")
    created = helio.json("wallet", "new", "--light", "--password-file", pw)
    out = helio.json("wallet", "decrypt-keystore", created["path"], "--password-file", pw)
    assert Account.from_key(out["private_key"]).address == created["address"]


def test_change_password(helio):
    created = helio.json("wallet", "new", "--kdf", "pbkdf2", password=PASSWORD)
    key = helio.json("wallet", "decrypt-keystore", created["address"], password=PASSWORD)["private_key"]
    helio.run("wallet", "change-password", created["address"], password=PASSWORD, new_password="new-pw")
    assert "wrong password" in helio.fail("wallet", "decrypt-keystore", created["path"], password=PASSWORD)
    data = json.loads(open(created["path"]).read())
    assert "0x" + eth_keyfile.decode_keyfile_json(data, b"new-pw").hex() == key
    assert data["crypto"]["kdf"] == "pbkdf2"  # same KDF kind as before
    assert len(helio.keystore_files()) == 1  # replaced in place, no stray temporary file


def test_public_key_forms(helio):
    key = bytes.fromhex("00" * 31 + "01")
    out = helio.json("wallet", "public-key", "--private-key", key.hex())
    assert out["compressed"] == "0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    assert out["uncompressed"].startswith("0x0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")


def test_private_key_command_prints_mnemonic_key(helio):
    phrase = "test test test test test test test test test test test junk"
    out = helio.json("wallet", "private-key", "--mnemonic", phrase)
    assert Account.from_key(out["private_key"]).address == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


BAD_KEYS = [
    ("zz" * 32, "not hexadecimal"),
    ("ab" * 31, "32 bytes"),
    ("00" * 32, "zero"),
    (f"{N:064x}", "curve order"),
    ("abc", "odd number"),
]


@pytest.mark.parametrize("key,fragment", BAD_KEYS)
def test_bad_private_keys(helio, key, fragment):
    assert fragment in helio.fail("wallet", "import", "--private-key", key, password=PASSWORD)
    assert helio.keystore_files() == []


@pytest.mark.parametrize("address,fragment", [
    ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "checksum"),
    ("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", "40 hex digits"),
    ("0xzzaeb6053f3e94c9b9a09f33669435e7ef1beaed", "not hex"),
])
def test_bad_addresses(helio, address, fragment):
    sig = "0x" + "11" * 65
    assert fragment in helio.fail("wallet", "verify", "--address", address, "msg", sig)


@pytest.mark.parametrize("phrase,fragment", [
    ("test test test test test test test test test test test helio", "helio"),
    ("test test test test test test test test test test test test", "checksum"),
    ("test test test", "word"),
])
def test_bad_mnemonics(helio, phrase, fragment):
    assert fragment in helio.fail("wallet", "import", "--mnemonic", phrase, password=PASSWORD)
    assert fragment in helio.fail("wallet", "derive", phrase)
    assert helio.keystore_files() == []


def test_wrong_password_and_broken_keystores(helio, tmp_path):
    key = os.urandom(32)
    data = eth_keyfile.create_keyfile_json(key, PASSWORD.encode(), kdf="pbkdf2", iterations=1000)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(data))
    assert "wrong password" in helio.fail("wallet", "decrypt-keystore", good, password="nope")

    unsupported = dict(data, crypto=dict(data["crypto"], kdf="argon2id"))
    path = tmp_path / "argon.json"
    path.write_text(json.dumps(unsupported))
    assert "argon2id" in helio.fail("wallet", "decrypt-keystore", path, password=PASSWORD)

    bad_cipher = dict(data, crypto=dict(data["crypto"], cipher="aes-256-gcm"))
    path = tmp_path / "gcm.json"
    path.write_text(json.dumps(bad_cipher))
    assert "aes-256-gcm" in helio.fail("wallet", "decrypt-keystore", path, password=PASSWORD)

    path = tmp_path / "junk.json"
    path.write_text("{not json")
    helio.fail("wallet", "decrypt-keystore", path, password=PASSWORD)
    helio.fail("wallet", "decrypt-keystore", tmp_path / "missing.json", password=PASSWORD)


def test_bad_signatures(helio):
    acct = Account.create()
    sig = bytes.fromhex(acct.sign_message(encode_defunct(text="m")).signature.hex().removeprefix("0x"))
    r, s, v = sig[:32], int.from_bytes(sig[32:64], "big"), sig[64]
    high_s = "0x" + (r + (N - s).to_bytes(32, "big") + bytes([55 - v])).hex()
    assert "high-S" in helio.fail("wallet", "verify", "--address", acct.address, "m", high_s)
    zero = "0x" + "00" * 64 + "1b"
    assert "zero" in helio.fail("wallet", "verify", "--address", acct.address, "m", zero)
    assert "65 bytes" in helio.fail("wallet", "verify", "--address", acct.address, "m", "0x" + sig[:64].hex())
    good = "0x" + sig.hex()
    helio.run("wallet", "verify", "--address", acct.address, "m", good)


def test_no_password_source_without_a_terminal(helio):
    assert "--password-file" in helio.fail("wallet", "new", "--light")
    assert helio.keystore_files() == []


def test_bad_typed_data_and_digest(helio, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"types": {"EIP712Domain": []}, "primaryType": "Nope", "domain": {}, "message": {}}))
    key = "11" * 32
    helio.fail("wallet", "sign", "--data", path, "--private-key", key)
    assert "32 bytes" in helio.fail("wallet", "sign", "--no-hash", "0x1234", "--private-key", key)


def test_usage_errors_exit_non_zero(helio):
    proc = helio.run("wallet", "sign", check=False)
    assert proc.returncode != 0 and ("Usage" in proc.stderr or "Error" in proc.stderr)
