"""Interop: a stock web3.py 8 and eth-account use Helio's SUN token through the JSON-RPC endpoint, with
nothing changed but the URL (issue 6).

The owner's SUN comes the real way: an issuing body (the TEST-ONLY key of Keys/test/) registers an oracle and
a solar device, and the oracle's eth-account-signed reading mints the reward — so the mint is a Transfer log
from 0x0 a wallet can find with get_logs. Then transactions are built by web3 (`build_transaction`, which
calls eth_estimateGas, the fee methods and eth_getTransactionCount), signed locally by eth-account, sent raw
and waited for; events are decoded by web3's contract object. Reverts must surface as web3's
ContractCustomError carrying the ERC-6093 selector.
"""
import pytest
from eth_account import Account
from eth_utils import keccak
from web3 import Web3
from web3.exceptions import ContractCustomError, Web3RPCError
from web3.logs import DISCARD

from conftest import start_server
from test_readings import CHAIN_ID, SUN_UP, issuing_body, populate, reading, signed

# The standard ERC20 ABI (EIP-20), plus OpenZeppelin v5's ERC-6093 errors so web3 can name them.
ERC20_ABI = [
    {"type": "function", "name": "name", "stateMutability": "view", "inputs": [],
     "outputs": [{"name": "", "type": "string"}]},
    {"type": "function", "name": "symbol", "stateMutability": "view", "inputs": [],
     "outputs": [{"name": "", "type": "string"}]},
    {"type": "function", "name": "decimals", "stateMutability": "view", "inputs": [],
     "outputs": [{"name": "", "type": "uint8"}]},
    {"type": "function", "name": "totalSupply", "stateMutability": "view", "inputs": [],
     "outputs": [{"name": "", "type": "uint256"}]},
    {"type": "function", "name": "balanceOf", "stateMutability": "view",
     "inputs": [{"name": "account", "type": "address"}], "outputs": [{"name": "", "type": "uint256"}]},
    {"type": "function", "name": "allowance", "stateMutability": "view",
     "inputs": [{"name": "owner", "type": "address"}, {"name": "spender", "type": "address"}],
     "outputs": [{"name": "", "type": "uint256"}]},
    {"type": "function", "name": "transfer", "stateMutability": "nonpayable",
     "inputs": [{"name": "to", "type": "address"}, {"name": "value", "type": "uint256"}],
     "outputs": [{"name": "", "type": "bool"}]},
    {"type": "function", "name": "approve", "stateMutability": "nonpayable",
     "inputs": [{"name": "spender", "type": "address"}, {"name": "value", "type": "uint256"}],
     "outputs": [{"name": "", "type": "bool"}]},
    {"type": "function", "name": "transferFrom", "stateMutability": "nonpayable",
     "inputs": [{"name": "from", "type": "address"}, {"name": "to", "type": "address"},
                {"name": "value", "type": "uint256"}],
     "outputs": [{"name": "", "type": "bool"}]},
    {"type": "event", "name": "Transfer", "anonymous": False,
     "inputs": [{"name": "from", "type": "address", "indexed": True},
                {"name": "to", "type": "address", "indexed": True},
                {"name": "value", "type": "uint256", "indexed": False}]},
    {"type": "event", "name": "Approval", "anonymous": False,
     "inputs": [{"name": "owner", "type": "address", "indexed": True},
                {"name": "spender", "type": "address", "indexed": True},
                {"name": "value", "type": "uint256", "indexed": False}]},
    {"type": "error", "name": "ERC20InsufficientBalance",
     "inputs": [{"name": "sender", "type": "address"}, {"name": "balance", "type": "uint256"},
                {"name": "needed", "type": "uint256"}]},
    {"type": "error", "name": "ERC20InsufficientAllowance",
     "inputs": [{"name": "spender", "type": "address"}, {"name": "allowance", "type": "uint256"},
                {"name": "needed", "type": "uint256"}]},
    {"type": "error", "name": "ERC20InvalidReceiver", "inputs": [{"name": "receiver", "type": "address"}]},
]

SUN = 10**18  # one SUN (1 MWh) in base units
MINTED_WH = 2_000
MINTED = MINTED_WH * 10**12  # base units the reading mints
MAX = 2**256 - 1
TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()


def selector(signature: str) -> str:
    return "0x" + keccak(text=signature)[:4].hex()


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("rpc"), issuing_body().address, chain_id=CHAIN_ID)
    try:
        world = populate(server)
        r = reading(SUN_UP, MINTED_WH)
        status, _, reply = server.request("POST", "/v1/readings", {"readings": [signed(world["eip712"], world["a"].key, r)]})
        assert status == 200 and reply["accepted"] == 1, reply
        w3 = Web3(Web3.HTTPProvider(server.base + "/rpc", request_kwargs={"timeout": 30}))
        token = server.init["sunTokenAddress"]
        world.update(w3=w3, token=Web3.to_checksum_address(token), sun=w3.eth.contract(address=token, abi=ERC20_ABI))
        yield world
    finally:
        server.stop()


def send(w3, account, tx: dict):
    """Signs locally with eth-account, sends raw, waits for the receipt; returns (hash, receipt)."""
    signed_tx = account.sign_transaction(tx)
    tx_hash = w3.eth.send_raw_transaction(signed_tx.raw_transaction)
    assert bytes(tx_hash) == keccak(bytes(signed_tx.raw_transaction))
    return tx_hash, w3.eth.wait_for_transaction_receipt(tx_hash, timeout=20, poll_latency=0.1)


def build(w3, function, sender, **overrides):
    tx = function.build_transaction({"from": sender.address, "nonce": w3.eth.get_transaction_count(sender.address),
                                     **overrides})
    return tx


def test_chain_facts_and_token_views_through_a_contract_object(chain):
    w3, sun, owner = chain["w3"], chain["sun"], chain["owner"]
    assert w3.eth.chain_id == CHAIN_ID
    assert w3.net.version == str(CHAIN_ID)
    assert w3.client_version.startswith("Helio/")
    assert sun.functions.name().call() == "Helio Solar Reward"
    assert sun.functions.symbol().call() == "SUN"
    assert sun.functions.decimals().call() == 18
    assert sun.functions.balanceOf(owner.address).call() == MINTED
    assert sun.functions.totalSupply().call() >= MINTED
    assert len(w3.eth.get_code(chain["token"])) > 0  # tools treat the token as a contract
    assert w3.eth.get_code(owner.address) == b""
    assert w3.eth.get_balance(owner.address) == 0  # no native coin
    latest = w3.eth.get_block("latest")
    assert latest["baseFeePerGas"] == 0 and latest["number"] == w3.eth.block_number
    assert w3.eth.get_block(latest["hash"])["number"] == latest["number"]
    assert w3.eth.get_block(0)["parentHash"] == b"\0" * 32


def test_the_reward_mint_is_a_transfer_log_a_wallet_can_find(chain):
    sun, owner = chain["sun"], chain["owner"]
    mints = sun.events.Transfer().get_logs(from_block=0, argument_filters={"to": owner.address})
    assert [(e["args"]["from"], e["args"]["to"], e["args"]["value"]) for e in mints] == \
        [("0x0000000000000000000000000000000000000000", owner.address, MINTED)]
    # The mint's transaction is the reading entry: its receipt exists and carries the same log.
    receipt = chain["w3"].eth.get_transaction_receipt(mints[0]["transactionHash"])
    assert receipt["status"] == 1 and receipt["logs"][0]["logIndex"] == mints[0]["logIndex"]


def test_eip1559_transfer_built_signed_and_sent_by_web3(chain):
    w3, sun, owner = chain["w3"], chain["sun"], chain["owner"]
    bob = Account.create()
    before = sun.functions.balanceOf(owner.address).call()
    nonce = w3.eth.get_transaction_count(owner.address)
    tx = build(w3, sun.functions.transfer(bob.address, 10**12), owner)
    assert "maxFeePerGas" in tx and "gasPrice" not in tx  # EIP-1559 (type 2)
    assert tx["chainId"] == CHAIN_ID and tx["nonce"] == nonce
    tx_hash, receipt = send(w3, owner, tx)
    assert receipt["status"] == 1 and receipt["to"] == chain["token"] and receipt["from"] == owner.address
    assert receipt["transactionHash"] == tx_hash and receipt["type"] == 2
    (event,) = sun.events.Transfer().process_receipt(receipt)
    assert (event["args"]["from"], event["args"]["to"], event["args"]["value"]) == (owner.address, bob.address, 10**12)
    assert sun.functions.balanceOf(bob.address).call() == 10**12
    assert sun.functions.balanceOf(owner.address).call() == before - 10**12
    assert w3.eth.get_transaction_count(owner.address) == nonce + 1
    assert w3.eth.get_transaction_count(owner.address, "pending") == nonce + 1
    got = w3.eth.get_transaction(tx_hash)
    assert got["from"] == owner.address and got["nonce"] == nonce and got["blockNumber"] == receipt["blockNumber"]
    block = w3.eth.get_block(receipt["blockNumber"])
    assert tx_hash in block["transactions"] and block["hash"] == receipt["blockHash"]

    # The same signed bytes again: the nonce is spent, refused at submission, nothing changes.
    with pytest.raises(Web3RPCError, match="nonce too low"):
        w3.eth.send_raw_transaction(owner.sign_transaction(tx).raw_transaction)
    assert sun.functions.balanceOf(bob.address).call() == 10**12


def test_legacy_eip155_transfer_approve_and_transfer_from(chain):
    w3, sun, owner = chain["w3"], chain["sun"], chain["owner"]
    carol, spender = Account.create(), Account.create()
    tx = build(w3, sun.functions.transfer(carol.address, 7), owner, gasPrice=0)
    assert "gasPrice" in tx and "maxFeePerGas" not in tx
    _, receipt = send(w3, owner, tx)
    assert receipt["status"] == 1 and receipt["type"] == 0
    assert sun.functions.balanceOf(carol.address).call() == 7

    _, receipt = send(w3, carol, build(w3, sun.functions.approve(spender.address, 5), carol, gasPrice=0))
    assert receipt["status"] == 1 and receipt["type"] == 0
    assert sun.events.Approval().process_receipt(receipt)[0]["args"]["value"] == 5
    _, receipt = send(w3, spender,
                      build(w3, sun.functions.transferFrom(carol.address, spender.address, 5), spender, gasPrice=0))
    assert receipt["status"] == 1 and receipt["type"] == 0
    assert sun.functions.balanceOf(spender.address).call() == 5
    assert sun.functions.allowance(carol.address, spender.address).call() == 0


def test_approve_then_transfer_from_and_the_infinite_allowance(chain):
    w3, sun, owner = chain["w3"], chain["sun"], chain["owner"]
    spender, dave = Account.create(), Account.create()
    _, receipt = send(w3, owner, build(w3, sun.functions.approve(spender.address, 5), owner))
    (approval,) = sun.events.Approval().process_receipt(receipt)
    assert approval["args"]["value"] == 5 and approval["args"]["spender"] == spender.address
    assert sun.functions.allowance(owner.address, spender.address).call() == 5

    # The spender has no ether and needs none: Helio charges no fees.
    _, receipt = send(w3, spender, build(w3, sun.functions.transferFrom(owner.address, dave.address, 3), spender))
    assert receipt["status"] == 1
    assert sun.events.Approval().process_receipt(receipt, errors=DISCARD) == ()  # no Approval on transferFrom
    assert sun.functions.allowance(owner.address, spender.address).call() == 2
    assert sun.functions.balanceOf(dave.address).call() == 3

    # An allowance of 2^256-1 is never decreased.
    send(w3, owner, build(w3, sun.functions.approve(spender.address, MAX), owner))
    _, receipt = send(w3, spender, build(w3, sun.functions.transferFrom(owner.address, dave.address, 4), spender))
    assert receipt["status"] == 1
    assert sun.functions.allowance(owner.address, spender.address).call() == MAX
    assert sun.functions.balanceOf(dave.address).call() == 7

    # Filters by indexed arguments, on the contract and raw with an address array and null wildcards.
    to_dave = sun.events.Transfer().get_logs(from_block=0, argument_filters={"to": dave.address})
    assert [e["args"]["value"] for e in to_dave] == [3, 4]
    raw = w3.eth.get_logs({"fromBlock": 0, "address": [chain["token"]],
                           "topics": [TRANSFER_TOPIC, None, "0x" + "00" * 12 + dave.address[2:].lower()]})
    assert [log["transactionHash"] for log in raw] == [e["transactionHash"] for e in to_dave]
    assert w3.eth.get_logs({"fromBlock": 0, "address": [chain["token"]],
                            "topics": [[TRANSFER_TOPIC], None, "0x" + "11" * 32]}) == []


def test_reverts_surface_as_contract_custom_errors(chain):
    w3, sun, owner = chain["w3"], chain["sun"], chain["owner"]
    poor = Account.create()
    # eth_call of a transfer beyond the balance.
    with pytest.raises(ContractCustomError) as call_error:
        sun.functions.transfer(owner.address, 1).call({"from": poor.address})
    assert str(call_error.value.data).startswith(selector("ERC20InsufficientBalance(address,uint256,uint256)"))
    # build_transaction runs eth_estimateGas, which reverts exactly the same way.
    with pytest.raises(ContractCustomError) as estimate_error:
        build(w3, sun.functions.transfer(owner.address, 1), poor)
    assert estimate_error.value.data == call_error.value.data
    # transferFrom without allowance: the allowance error wins.
    with pytest.raises(ContractCustomError) as allowance_error:
        sun.functions.transferFrom(owner.address, poor.address, 1).call({"from": poor.address})
    assert str(allowance_error.value.data).startswith(
        selector("ERC20InsufficientAllowance(address,uint256,uint256)"))
    # Transfer to the zero address.
    with pytest.raises(ContractCustomError) as receiver_error:
        sun.functions.transfer("0x0000000000000000000000000000000000000000", 1).call({"from": owner.address})
    assert str(receiver_error.value.data).startswith(selector("ERC20InvalidReceiver(address)"))


def test_a_failing_transaction_that_lands_has_status_zero_and_uses_its_nonce(chain):
    w3, sun = chain["w3"], chain["sun"]
    poor = Account.create()
    nonce = w3.eth.get_transaction_count(poor.address)
    # Built by hand with an explicit gas limit, so web3 does not estimate (which would revert first).
    tx = {"to": chain["token"], "data": sun.encode_abi("transfer", args=[chain["owner"].address, 1]),
          "gas": 100_000, "maxFeePerGas": 0, "maxPriorityFeePerGas": 0, "nonce": nonce, "chainId": CHAIN_ID,
          "value": 0, "type": 2}
    _, receipt = send(w3, poor, tx)
    assert receipt["status"] == 0 and receipt["logs"] == []
    assert w3.eth.get_transaction_count(poor.address) == nonce + 1
    assert sun.functions.balanceOf(poor.address).call() == 0


def test_submission_refusals_name_the_problem(chain):
    w3, sun, owner = chain["w3"], chain["sun"], chain["owner"]
    nonce = w3.eth.get_transaction_count(owner.address)
    base = {"to": chain["token"], "data": sun.encode_abi("transfer", args=[owner.address, 1]), "gas": 100_000,
            "maxFeePerGas": 0, "maxPriorityFeePerGas": 0, "nonce": nonce, "chainId": CHAIN_ID, "value": 0, "type": 2}
    with pytest.raises(Web3RPCError, match="chain"):
        w3.eth.send_raw_transaction(owner.sign_transaction(dict(base, chainId=1)).raw_transaction)
    with pytest.raises(Web3RPCError, match="nonce too high"):
        w3.eth.send_raw_transaction(owner.sign_transaction(dict(base, nonce=nonce + 5)).raw_transaction)
    with pytest.raises(Web3RPCError, match="not the address of a Helio token"):
        w3.eth.send_raw_transaction(owner.sign_transaction(dict(base, to=owner.address)).raw_transaction)
    # Pre-EIP-155 (unprotected) legacy transactions are refused, as geth does by default.
    unprotected = {"to": chain["token"], "data": base["data"], "gas": 100_000, "gasPrice": 0, "nonce": nonce,
                   "value": 0}
    with pytest.raises(Web3RPCError, match="EIP-155|unprotected|replay"):
        w3.eth.send_raw_transaction(owner.sign_transaction(unprotected).raw_transaction)
    with pytest.raises(Web3RPCError):
        w3.eth.send_raw_transaction(b"\xf8\x00")
    assert w3.eth.get_transaction_count(owner.address) == nonce


def test_replay_re_executes_every_transaction_and_the_log_verifies(chain):
    """Runs last: stops the server, replays the journal (every Ethereum transaction re-decoded, its sender
    re-recovered, its call re-executed — the landed failure included) and verifies the Merkle log."""
    import json
    import subprocess

    from conftest import helio_bin

    server = chain["server"]
    server.stop()
    for args in (["replay"], ["log", "verify"]):
        proc = subprocess.run([helio_bin(), *args, "--data-dir", str(server.data_dir), "--json"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        assert report.get("matches", report.get("ok")), report
