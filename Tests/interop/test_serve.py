"""A real `helio serve` process: init a registry, serve it on loopback, sign a command with eth-account
using only what the server publishes (/v1/eip712, /v1/registry), submit it, and stop with SIGTERM."""
import json
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from eth_account import Account

from conftest import database_args, helio_bin, registry_database

PASSWORD = "correct horse"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type"), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), json.loads(error.read())


@pytest.fixture
def server(helio, tmp_path):
    data_dir = tmp_path / "registry"
    init = helio.json("registry", "init", "--data-dir", data_dir, "--name", "interop", "--chain-id", 7317,
                      "--issuing-body", Account.create().address, "--light", *database_args(registry_database()),
                      password=PASSWORD)
    port = free_port()
    env = dict(helio.env, HELIO_PASSWORD=PASSWORD, HELIO_PORT=str(port))
    proc = subprocess.Popen([helio_bin(), "serve", "--data-dir", str(data_dir)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if http("GET", base + "/healthz")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"helio serve did not come up: {proc.communicate()[1]}")
        time.sleep(0.1)
    yield base, init, proc, data_dir
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_init_reports_the_registry(server):
    base, init, _, _ = server
    status, _, registry = http("GET", base + "/v1/registry")
    assert status == 200
    assert registry["name"] == init["name"] == "interop"
    assert registry["chainId"] == 7317
    assert registry["checkpointAddress"] == init["checkpointAddress"]
    assert registry["rewardAsset"]["id"] == init["sunAssetId"]
    assert registry["rewardAsset"]["tokenAddress"] == init["sunTokenAddress"]


def test_eth_account_signed_approve_is_accepted_then_sigterm_exits_cleanly(server):
    base, _, proc, data_dir = server
    _, _, eip712 = http("GET", base + "/v1/eip712")
    _, _, registry = http("GET", base + "/v1/registry")
    owner, spender = Account.create(), Account.create()
    message = {"token": registry["rewardAsset"]["tokenAddress"], "spender": spender.address,
               "amount": 10**12, "nonce": 0}
    full_message = {
        "types": {"EIP712Domain": eip712["types"]["EIP712Domain"], "Approve": eip712["types"]["Approve"]},
        "primaryType": "Approve", "domain": eip712["domain"], "message": message,
    }
    signature = Account.sign_typed_data(owner.key, full_message=full_message).signature
    command = {
        "command": {"kind": "Approve", "body": {"asset": registry["rewardAsset"]["id"], "spender": spender.address,
                                                 "amount": str(10**12)}},
        "nonce": 0, "signature": "0x" + bytes(signature).hex(),
    }
    status, _, receipt = http("POST", base + "/v1/commands", command)
    assert status == 200, receipt
    # Entries 0 and 1 are the genesis (SUN, ConfigureRegistry): the first command lands at 2.
    assert receipt["index"] == registry["journalSize"]
    assert receipt["index"] == 2
    assert receipt["author"] == owner.address
    assert receipt["events"] == [{
        "type": "Approval", "asset": registry["rewardAsset"]["id"],
        "tokenAddress": registry["rewardAsset"]["tokenAddress"], "owner": owner.address,
        "spender": spender.address, "value": str(10**12),
    }]

    # The same command again: the nonce is spent, so it is refused with a problem, and nothing changes.
    status, content_type, problem = http("POST", base + "/v1/commands", command)
    assert status == 409 and content_type == "application/problem+json"
    assert problem["type"].endswith("/nonce_too_low")
    assert http("GET", base + "/healthz")[2]["entries"] == 3  # genesis (2) + the approve

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0

    # The last checkpoint, signed at shutdown, covers the approve, and the log verifies offline.
    verify = subprocess.run([helio_bin(), "log", "verify", "--data-dir", str(data_dir), "--json"],
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0, verify.stderr
    report = json.loads(verify.stdout)
    assert report["ok"] and report["entries"] == 3 and report["checkpoints_verified"] == 2


def test_problem_json_for_a_malformed_body(server):
    base, _, _, _ = server
    request = urllib.request.Request(base + "/v1/commands", data=b"{not json", method="POST")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 400
    assert raised.value.headers.get("Content-Type") == "application/problem+json"
    assert json.loads(raised.value.read())["type"].endswith("/malformed_body")


def test_init_refuses_an_existing_registry(helio, tmp_path):
    data_dir = tmp_path / "registry"
    args = ("registry", "init", "--data-dir", data_dir, "--name", "once", "--chain-id", 1, "--light",
            *database_args(registry_database()))
    helio.run(*args, password=PASSWORD)
    assert "already exists" in helio.fail(*args, password=PASSWORD)
    assert len(list((data_dir / "keys").iterdir())) == 1
