"""Signatures cross between helio and eth-account: EIP-191 messages, EIP-712 typed data, raw digests."""
import json
import os

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data
from eth_keys import keys

MAIL = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"},
        ],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
        "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person"},
                 {"name": "contents", "type": "string"}],
    },
    "primaryType": "Mail",
    "domain": {"name": "Ether Mail", "version": "1", "chainId": 1,
               "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
    "message": {"from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
                "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
                "contents": "Hello, Bob!"},
}

READING = {
    "types": {
        "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                         {"name": "chainId", "type": "uint256"}],
        "MeterReading": [{"name": "meter", "type": "string"}, {"name": "periodStart", "type": "uint64"},
                         {"name": "periodEnd", "type": "uint64"}, {"name": "energyWh", "type": "uint256"},
                         {"name": "tags", "type": "bytes32[]"}],
    },
    "primaryType": "MeterReading",
    "domain": {"name": "Helio", "version": "1", "chainId": 7317},
    "message": {"meter": "871234567890123456", "periodStart": 1767225600, "periodEnd": 1767226500,
                "energyWh": 123456, "tags": ["0x" + "ab" * 32, "0x" + "00" * 32]},
}

MESSAGES = ["test", "hello", "Grüße aus Köln ☀", "", "0xdeadbeef", "line one\nline two"]


@pytest.mark.parametrize("message", MESSAGES)
def test_helio_signature_recovers_in_eth_account(helio, message):
    key = os.urandom(32)
    out = helio.json("wallet", "sign", "--private-key", key.hex(), "--", message)
    # helio, like cast, signs a 0x-prefixed hex message as bytes.
    payload = bytes.fromhex(message[2:]) if message.startswith("0x") else message.encode()
    recovered = Account.recover_message(encode_defunct(primitive=payload), signature=out["signature"])
    assert recovered == Account.from_key(key).address == out["address"]
    # RFC 6979: deterministic, so identical to eth-account's own signature.
    assert out["signature"] == "0x" + Account.sign_message(encode_defunct(primitive=payload), key).signature.hex().removeprefix("0x")


@pytest.mark.parametrize("message", MESSAGES)
def test_eth_account_signature_verifies_in_helio(helio, message):
    acct = Account.create()
    payload = bytes.fromhex(message[2:]) if message.startswith("0x") else message.encode()
    sig = acct.sign_message(encode_defunct(primitive=payload)).signature.hex()
    sig = "0x" + sig.removeprefix("0x")
    assert "Valid signature" in helio.run("wallet", "verify", "--address", acct.address, "--", message, sig).stdout
    other = Account.create().address
    assert "is not from" in helio.fail("wallet", "verify", "--address", other, "--", message, sig)


@pytest.mark.parametrize("typed", [MAIL, READING], ids=["ether-mail", "meter-reading"])
def test_typed_data_both_ways(helio, tmp_path, typed):
    path = tmp_path / "typed.json"
    path.write_text(json.dumps(typed))
    acct = Account.create()
    ours = helio.json("wallet", "sign", "--data", path, "--private-key", acct.key.hex())
    theirs = Account.sign_typed_data(acct.key, full_message=typed)
    assert ours["digest"] == "0x" + theirs.message_hash.hex().removeprefix("0x")
    assert Account.recover_message(encode_typed_data(full_message=typed), signature=ours["signature"]) == acct.address
    their_sig = "0x" + theirs.signature.hex().removeprefix("0x")
    helio.run("wallet", "verify", "--data", path, "--address", acct.address, their_sig)
    # A tampered message no longer verifies.
    tampered = json.loads(json.dumps(typed))
    field = "contents" if "contents" in tampered["message"] else "energyWh"
    tampered["message"][field] = "Hello, Mallory!" if field == "contents" else 999
    path.write_text(json.dumps(tampered))
    helio.fail("wallet", "verify", "--data", path, "--address", acct.address, their_sig)


def test_ether_mail_spec_vector(helio, tmp_path):
    path = tmp_path / "mail.json"
    path.write_text(json.dumps(MAIL))
    cow = Account.from_key(bytes.fromhex("c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4"))
    out = helio.json("wallet", "sign", "--data", path, "--private-key", cow.key.hex())
    assert out["digest"] == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"
    assert out["address"] == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" and out["v"] == 28


def test_no_hash_signs_the_digest_itself(helio):
    key = keys.PrivateKey(os.urandom(32))
    digest = os.urandom(32)
    out = helio.json("wallet", "sign", "--no-hash", "0x" + digest.hex(), "--private-key", key.to_hex())
    sig = bytes.fromhex(out["signature"][2:])
    recovered = keys.Signature(sig[:64] + bytes([sig[64] - 27])).recover_public_key_from_msg_hash(digest)
    assert recovered.to_checksum_address() == key.public_key.to_checksum_address()
    assert key.sign_msg_hash(digest).to_bytes()[:64] == sig[:64]
