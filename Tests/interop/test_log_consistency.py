"""Consistency proofs: an auditor keeps a signed checkpoint, and later proves that the registry's log extends it
— nothing before it rewritten or removed — with `helio log verify --against` (against a live server through
GET /v1/log/consistency, or against a data folder).

A fork is simulated the only way a registry could make one: a second checkpoint of an earlier size but another
root, signed with the registry's own checkpoint key (opened here from its keystore with eth-account).
"""
import base64
import time
import urllib.request

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct

from conftest import Helio, start_server
from test_readings import issuing_body, populate

PASSWORD = "interop password"  # conftest.start_server's registry password


def checkpoint_text(server) -> str:
    request = urllib.request.Request(server.base + "/v1/log/checkpoint", headers={"Accept": "text/plain"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get("Content-Type").startswith("text/plain")
        return response.read().decode()


def wait_for_checkpoint(server, size: int) -> str:
    deadline = time.monotonic() + 30
    while True:
        text = checkpoint_text(server)
        if int(text.split("\n")[1]) >= size:
            return text
        assert time.monotonic() < deadline, f"no checkpoint of {size} entries: {text}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """A registry that signs a checkpoint at every entry; the auditor saved the first one, then the issuing
    body registered oracles, a device and an assignment."""
    tmp = tmp_path_factory.mktemp("consistency")
    server = start_server(tmp, issuing_body().address, env={"HELIO_CHECKPOINT_EVERY": "1"})
    try:
        saved = tmp / "saved-checkpoint.txt"
        saved.write_text(checkpoint_text(server))
        populate(server)
        size = server.request("GET", "/healthz")[2]["entries"]
        wait_for_checkpoint(server, size)
        yield {"server": server, "tmp": tmp, "saved": saved, "helio": Helio(tmp)}
    finally:
        server.stop()


def fields(text: str):
    origin, size, root, stamp = text.split("\n\n")[0].split("\n")
    return origin, int(size), base64.b64decode(root), int(stamp)


def test_the_live_log_extends_the_saved_checkpoint(audited):
    server, helio, saved = audited["server"], audited["helio"], audited["saved"]
    proc = helio.run("log", "verify", "--server", server.base, "--against", saved)
    assert "extends the saved one of" in proc.stdout, proc.stdout
    report = helio.json("log", "verify", "--server", server.base, "--against", saved)
    latest = checkpoint_text(server)
    assert report["consistent"] is True and report["from"] == fields(saved.read_text())[1]
    assert report["to"] == fields(latest)[1] > report["from"]
    assert report["signer"] == server.init["checkpointAddress"]


def test_the_api_proof_is_the_one_the_cli_checked(audited):
    server, saved = audited["server"], audited["saved"]
    old = fields(saved.read_text())[1]
    new = fields(checkpoint_text(server))[1]
    status, _, proof = server.request("GET", f"/v1/log/consistency?from={old}&to={new}")
    assert status == 200 and proof["fromSize"] == old and proof["toSize"] == new and proof["proof"]
    # Equal sizes need no proof; a size beyond the journal is refused.
    assert server.request("GET", f"/v1/log/consistency?from={new}&to={new}")[2]["proof"] == []
    status, content_type, problem = server.request("GET", f"/v1/log/consistency?from=0&to={new + 10}")
    assert status == 400 and content_type.startswith("application/problem+json")
    assert problem["code"] == "size_beyond_tree"


def sign_checkpoint(key, origin: str, size: int, root: bytes, stamp: int) -> str:
    body = f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n{stamp}\n"
    signature = Account.sign_message(encode_defunct(text=body), key).signature
    return body + f"\n\u2014 helio {Account.from_key(key).address} 0x{bytes(signature).hex()}\n"


def registry_key(audited) -> bytes:
    keys = audited["server"].data_dir / "keys"
    [keystore] = [p for p in keys.iterdir() if p.name.startswith("UTC--")]
    return Account.decrypt(keystore.read_text(), PASSWORD)


def test_a_forked_history_signed_by_the_registry_itself_is_caught(audited):
    server, helio, tmp = audited["server"], audited["helio"], audited["tmp"]
    key = registry_key(audited)
    origin, size, root, stamp = fields(checkpoint_text(server))
    # The same key, an earlier size, a root the log never had: the registry signed two histories.
    forked = tmp / "forked.txt"
    forked.write_text(sign_checkpoint(key, origin, size - 2, bytes(32), stamp))
    message = helio.fail("log", "verify", "--server", server.base, "--against", forked)
    assert message.startswith("INCONSISTENT:") and "history was rewritten" in message, message
    # And a checkpoint larger than the log (entries that disappeared) is caught too.
    ahead = tmp / "ahead.txt"
    ahead.write_text(sign_checkpoint(key, origin, size + 5, root, stamp))
    assert "the log was cut" in helio.fail("log", "verify", "--server", server.base, "--against", ahead)


def test_a_tampered_or_foreign_checkpoint_is_refused(audited):
    server, helio, tmp, saved = audited["server"], audited["helio"], audited["tmp"], audited["saved"]
    text = saved.read_text()
    origin, size, root, stamp = fields(text)
    tampered = tmp / "tampered.txt"
    tampered.write_text(text.replace(base64.b64encode(root).decode(), base64.b64encode(bytes(32)).decode()))
    message = helio.fail("log", "verify", "--server", server.base, "--against", tampered,
                         "--checkpoint-address", server.init["checkpointAddress"])
    assert message == f"the saved checkpoint is not signed by {server.init['checkpointAddress']}", message
    # Signed by someone else: the registry's own checkpoints are not signed by that key.
    stranger = tmp / "stranger.txt"
    stranger.write_text(sign_checkpoint(Account.create().key, origin, size, root, stamp))
    assert "latest checkpoint is not signed by" in helio.fail(
        "log", "verify", "--server", server.base, "--against", stranger)
    garbage = tmp / "garbage.txt"
    garbage.write_text("not a checkpoint\n")
    assert "is not a signed checkpoint" in helio.fail("log", "verify", "--server", server.base, "--against", garbage)
    assert "cannot read the checkpoint file" in helio.fail(
        "log", "verify", "--server", server.base, "--against", tmp / "missing.txt")
    proc = helio.run("log", "verify", "--server", server.base, check=False)
    assert proc.returncode == 64 and "--server needs --against" in proc.stderr


def test_a_data_folder_is_checked_against_the_saved_checkpoint_offline(audited):
    server, helio, saved, tmp = audited["server"], audited["helio"], audited["saved"], audited["tmp"]
    server.stop()
    report = helio.json("log", "verify", "--data-dir", server.data_dir, "--against", saved)
    assert report["ok"] is True and report["extends"] == fields(saved.read_text())[1]
    forked = tmp / "forked-offline.txt"
    origin, size, _, stamp = fields(saved.read_text())
    forked.write_text(sign_checkpoint(registry_key(audited), origin, size, bytes(32), stamp))
    assert helio.fail("log", "verify", "--data-dir", server.data_dir, "--against", forked).startswith("INCONSISTENT:")
