"""Keys/ holds only public material and TEST-ONLY keystores: each opens with the documented password in
eth-keyfile and matches the address and derivation path the demo network lists."""
import json

import eth_keyfile
from eth_account import Account
from conftest import ROOT

Account.enable_unaudited_hdwallet_features()


def test_demo_network_keystores_match_their_addresses():
    network = json.loads((ROOT / "Keys/demo-network.json").read_text())
    assert "TEST ONLY" in network["warning"]
    assert len(network["accounts"]) >= 4
    for acct in network["accounts"]:
        data = json.loads((ROOT / "Keys" / acct["keystore"]).read_text())
        key = eth_keyfile.decode_keyfile_json(data, network["keystore_password"].encode())
        assert Account.from_key(key).address == acct["address"]
        assert Account.from_mnemonic(network["mnemonic"], account_path=acct["path"]).address == acct["address"]
