"""Interop: Helio's Merkle roots, proofs and checkpoints, checked by an independent implementation.

Reads the fixtures that Tests/HelioLogTests/FixtureTests.swift keeps in step with the Swift code
(Tests/HelioLogTests/Fixtures/) and checks every value with Scripts/merkle_reference.py, a Python
implementation of RFC 9162 §2.1 written from the RFC text with hashlib only. The signed checkpoint is
checked with eth-account (personal_sign recovery) when it is installed.

Run: python3 -m pytest Tests/interop/test_merkle.py
"""
import base64
import json
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "HelioLogTests" / "Fixtures"
sys.path.insert(0, str(ROOT / "Scripts"))

import merkle_reference as ref  # noqa: E402

TEST_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"


@pytest.fixture(scope="module")
def doc():
    return json.loads((FIXTURES / "merkle-proofs.json").read_text())


@pytest.fixture(scope="module")
def entries(doc):
    return [bytes.fromhex(leaf["entry"]) for leaf in doc["leaves"]]


def hashes(hex_list):
    return [bytes.fromhex(h) for h in hex_list]


def flip(b: bytes, bit: int) -> bytes:
    out = bytearray(b)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def test_reference_matches_published_ct_roots():
    ref.self_check()


def test_document_shape(doc, entries):
    assert doc["format"] == "helio-merkle-selftest/1"
    n = len(entries)
    assert [leaf["index"] for leaf in doc["leaves"]] == list(range(n))
    assert [r["treeSize"] for r in doc["roots"]] == list(range(n + 1))
    assert len(doc["inclusionProofs"]) == n * (n + 1) // 2
    assert len(doc["consistencyProofs"]) == n * (n + 1) // 2
    # The first 8 entries are the CT reference inputs, so their published roots must appear.
    assert entries[:8] == ref.CT_LEAVES
    for size in range(1, 9):
        assert doc["roots"][size]["root"] == ref.CT_ROOTS[size - 1]


def test_leaf_hashes(doc, entries):
    for leaf, entry in zip(doc["leaves"], entries):
        assert leaf["leafHash"] == ref.leaf_hash(entry).hex()


def test_roots(doc, entries):
    for r in doc["roots"]:
        assert r["root"] == ref.mth(entries[: r["treeSize"]]).hex(), r


def test_inclusion_proofs(doc, entries):
    for item in doc["inclusionProofs"]:
        index, size, proof = item["index"], item["treeSize"], hashes(item["proof"])
        prefix = entries[:size]
        assert proof == ref.path(index, prefix), item
        root = ref.mth(prefix)
        leaf = ref.leaf_hash(entries[index])
        assert ref.verify_inclusion(leaf, index, size, proof, root), item
        # Every single-bit change and every wrong index is refused by the reference verifier too.
        for i in range(len(proof)):
            bad = list(proof)
            bad[i] = flip(bad[i], (7 * i + index) % 256)
            assert not ref.verify_inclusion(leaf, index, size, bad, root), item
        assert not ref.verify_inclusion(flip(leaf, 3), index, size, proof, root), item
        assert not ref.verify_inclusion(leaf, index, size, proof, flip(root, 200)), item
        for other in range(size):
            if other != index:
                assert not ref.verify_inclusion(leaf, other, size, proof, root), (item, other)


def test_consistency_proofs(doc, entries):
    for item in doc["consistencyProofs"]:
        old, new, proof = item["oldSize"], item["newSize"], hashes(item["proof"])
        assert proof == ref.consistency_proof(old, entries[:new]), item
        old_root, new_root = ref.mth(entries[:old]), ref.mth(entries[:new])
        assert ref.verify_consistency(old, new, old_root, new_root, proof), item
        for i in range(len(proof)):
            bad = list(proof)
            bad[i] = flip(bad[i], (5 * i + old) % 256)
            assert not ref.verify_consistency(old, new, old_root, new_root, bad), item
        assert not ref.verify_consistency(old, new, flip(old_root, 9), new_root, proof), item
        assert not ref.verify_consistency(old, new, old_root, flip(new_root, 9), proof), item


def read_signed_checkpoint():
    text = (FIXTURES / "signed-checkpoint.txt").read_bytes().decode("utf-8")
    body, signature_line = text.split("\n\n", 1)
    body += "\n"
    assert signature_line.endswith("\n") and signature_line.count("\n") == 1
    dash, key_name, address, signature = signature_line[:-1].split(" ")
    assert dash == "\u2014" and key_name == "helio"
    return body, address, signature


def test_checkpoint_text_matches_the_tree(doc, entries):
    body, address, _ = read_signed_checkpoint()
    origin, size, root_b64, timestamp = body[:-1].split("\n")
    assert origin == "helio.example/registry chain 7317"
    assert int(size) == len(entries)
    assert base64.b64decode(root_b64, validate=True) == ref.mth(entries)
    assert int(timestamp) == 1700000000
    assert address == TEST_ADDRESS
    as_json = json.loads((FIXTURES / "signed-checkpoint.json").read_text())
    assert as_json["checkpoint"]["rootHash"] == "0x" + ref.mth(entries).hex()
    assert as_json["checkpoint"]["treeSize"] == len(entries)
    assert as_json["signer"] == address


def test_checkpoint_signature_is_personal_sign():
    import eth_account
    from eth_account.messages import encode_defunct

    body, address, signature = read_signed_checkpoint()
    recovered = eth_account.Account.recover_message(encode_defunct(text=body), signature=signature)
    assert recovered == address
    tampered = body.replace("\n17\n", "\n18\n")
    assert eth_account.Account.recover_message(encode_defunct(text=tampered), signature=signature) != address
    # eth-account signs the same text to the same signature (RFC 6979 nonces on both sides).
    key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    signed = eth_account.Account.sign_message(encode_defunct(text=body), private_key=key)
    assert "0x" + signed.signature.hex().removeprefix("0x") == signature


def test_cli_selftest_json_matches_fixture():
    """When HELIO_BIN names a built `helio`, its `log selftest-json` must print the fixture exactly."""
    import subprocess

    from conftest import helio_bin

    proc = subprocess.run([helio_bin(), "log", "selftest-json"], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == (FIXTURES / "merkle-proofs.json").read_bytes()
