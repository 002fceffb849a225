"""Mnemonic derivation matches eth-account (BIP-39 seed, BIP-32/44 m/44'/60'/0'/0/i) both ways."""
import pytest
from eth_account import Account
from mnemonic import Mnemonic

Account.enable_unaudited_hdwallet_features()


@pytest.mark.parametrize("words", [12, 24])
@pytest.mark.parametrize("passphrase", ["", "TREZOR", "pässphrase ünïcode"])
def test_helio_mnemonic_accounts_match_eth_account(helio, words, passphrase):
    out = helio.json("wallet", "new-mnemonic", "--words", words, "--accounts", 5, "--passphrase", passphrase)
    phrase = out["mnemonic"]
    assert len(phrase.split()) == words and Mnemonic("english").check(phrase)
    for i, acct in enumerate(out["accounts"]):
        assert acct["path"] == f"m/44'/60'/0'/0/{i}"
        assert acct["address"] == Account.from_mnemonic(phrase, passphrase=passphrase, account_path=acct["path"]).address


@pytest.mark.parametrize("passphrase", ["", "correct horse"])
def test_reference_mnemonics_derive_the_same_in_helio(helio, passphrase):
    phrase = Mnemonic("english").generate(strength=128)
    derived = helio.json("wallet", "derive", phrase, "--accounts", 5, "--passphrase", passphrase)
    for i in range(5):
        expected = Account.from_mnemonic(phrase, passphrase=passphrase, account_path=f"m/44'/60'/0'/0/{i}").address
        assert derived[i]["address"] == expected


def test_import_mnemonic_index_and_path(helio):
    phrase = "test test test test test test test test test test test junk"
    a1 = helio.json("wallet", "address", "--mnemonic", phrase, "--mnemonic-index", 1)
    assert a1["address"] == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    a0 = helio.json("wallet", "import", "--mnemonic", phrase, "--mnemonic-path", "m/44'/60'/0'/0/0", "--light",
                    password="pw")
    assert a0["address"] == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
