#!/usr/bin/env python3
"""Regenerates Tests/HelioEthereumTests/Vectors/*.json from the reference Python packages:
eth-account 0.14 (transaction signing, RFC 6979), rlp 5 (to build invalid siblings), eth-abi 6 (call data,
string and custom-error encodings), eth-utils (keccak, selectors). The logs bloom has no reference
package installed, so a ten-line implementation of the Yellow Paper's M3:2048 lives here, written from
the definition and independent of the Swift one. Deterministic: same output each run.

Run: .venv/bin/python Scripts/vectors/gen_eth.py
"""
import json
import pathlib

import rlp
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_account._utils.legacy_transactions import serializable_unsigned_transaction_from_dict
from eth_utils import function_signature_to_4byte_selector, keccak, to_checksum_address

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/HelioEthereumTests/Vectors"
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
BIG_CHAIN = 2**32 + 5


def key(seed: str) -> bytes:
    return keccak(text="helio-eth-vectors/" + seed)


def addr(seed: str) -> str:
    return to_checksum_address(keccak(text="helio-eth-address/" + seed)[12:])


def transfer_calldata(to: str, amount: int) -> bytes:
    return function_signature_to_4byte_selector("transfer(address,uint256)") + abi_encode(
        ["address", "uint256"], [to, amount])


def tx_dicts():
    """(name, key seed, eth-account transaction dict) for each valid vector."""
    token = addr("token")
    data = transfer_calldata(addr("bob"), 1234 * 10**18)
    access = [
        {"address": token, "storageKeys": ["0x" + keccak(text="slot0").hex(), "0x" + "00" * 31 + "01"]},
        {"address": addr("other"), "storageKeys": []},
    ]
    out = []
    for chain in (1, BIG_CHAIN):
        out += [
            (f"legacy chain {chain}", "alice",
             dict(nonce=0, gasPrice=20 * 10**9, gas=60000, to=token, value=0, data=data, chainId=chain)),
            (f"legacy chain {chain} plain value transfer", "bob",
             dict(nonce=255, gasPrice=1, gas=21000, to=addr("carol"), value=10**18, data=b"", chainId=chain)),
            (f"type 1 chain {chain} with access list", "carol",
             dict(type=1, nonce=7, gasPrice=3 * 10**9, gas=80000, to=token, value=0, data=data, chainId=chain,
                  accessList=access)),
            (f"type 2 chain {chain}", "dave",
             dict(type=2, nonce=2**40, maxPriorityFeePerGas=10**9, maxFeePerGas=50 * 10**9, gas=70000, to=token,
                  value=0, data=data, chainId=chain, accessList=[])),
            (f"type 2 chain {chain} with access list and large value", "erin",
             dict(type=2, nonce=2**64 - 1, maxPriorityFeePerGas=0, maxFeePerGas=2**255, gas=2**64 - 1,
                  to=addr("frank"), value=2**256 - 1, data=b"\x00\x01", chainId=chain, accessList=access[:1])),
        ]
    # Contract creation: no `to` (an empty RLP string on the wire).
    out.append(("type 2 contract creation", "alice",
                dict(type=2, nonce=1, maxPriorityFeePerGas=1, maxFeePerGas=2, gas=100000, value=0,
                     data=b"\x60\x00", chainId=1, accessList=[])))
    # r or s with a leading zero byte travels as a 31-byte RLP integer: search nonces (deterministically)
    # until one shows up, so the decoder's left-padding and the builder's minimal encoding are exercised.
    for nonce in range(10_000):
        tx = dict(type=2, nonce=nonce, maxPriorityFeePerGas=1, maxFeePerGas=2, gas=21000, to=addr("bob"), value=1,
                  data=b"", chainId=1, accessList=[])
        signed = Account.sign_transaction(tx, key("short"))
        if signed.r < 2**248 or signed.s < 2**248:
            out.append(("type 2 with a short r or s", "short", tx))
            break
    return out


def field_record(tx: dict) -> dict:
    """The decoded fields as Helio reports them (integers as decimal strings)."""
    t = tx.get("type", 0)
    price = tx.get("gasPrice")
    return {
        "type": t,
        "chain_id": str(tx["chainId"]),
        "nonce": str(tx["nonce"]),
        "gas_price": str(price if t != 2 else tx["maxFeePerGas"]),
        "max_priority_fee_per_gas": str(price if t != 2 else tx["maxPriorityFeePerGas"]),
        "max_fee_per_gas": str(price if t != 2 else tx["maxFeePerGas"]),
        "gas": str(tx["gas"]),
        "to": tx.get("to"),
        "value": str(tx["value"]),
        "data": "0x" + bytes(tx["data"]).hex(),
        "access_list": [{"address": e["address"], "storage_keys": e["storageKeys"]} for e in tx.get("accessList", [])],
    }


def valid_vectors():
    out = []
    for name, seed, tx in tx_dicts():
        acct = Account.from_key(key(seed))
        signed = Account.sign_transaction(tx, acct.key)
        raw = bytes(signed.raw_transaction)
        assert Account.recover_transaction(raw) == acct.address
        assert bytes(signed.hash) == keccak(raw)
        rec = {
            "name": name,
            "private_key": "0x" + acct.key.hex(),
            "raw": "0x" + raw.hex(),
            "hash": "0x" + keccak(raw).hex(),
            "signing_hash": "0x" + serializable_unsigned_transaction_from_dict(dict(tx)).hash().hex(),
            "sender": acct.address,
            "v": str(signed.v),
            "r": "0x" + signed.r.to_bytes(32, "big").hex(),
            "s": "0x" + signed.s.to_bytes(32, "big").hex(),
        }
        rec.update(field_record(tx))
        out.append(rec)
    return out


def reencode(raw: bytes, edit) -> bytes:
    """Decodes raw (typed or legacy), lets `edit` change the field list, re-encodes."""
    typed = raw[0] < 0x80
    fields = rlp.decode(raw[1:] if typed else raw)
    fields = edit(list(fields))
    return (raw[:1] if typed else b"") + rlp.encode(fields)


def int_bytes(v: int) -> bytes:
    return v.to_bytes((v.bit_length() + 7) // 8, "big")


def invalid_vectors(valid):
    legacy = bytes.fromhex(valid[0]["raw"][2:])
    typed1 = bytes.fromhex(valid[2]["raw"][2:])
    typed2 = bytes.fromhex(valid[3]["raw"][2:])

    def high_s(fields):
        s = int.from_bytes(fields[-1], "big")
        fields[-1] = int_bytes(N - s)
        return fields

    def set_field(i, value):
        def edit(fields):
            fields[i] = value
            return fields
        return edit

    unprotected = bytes(Account.sign_transaction(
        dict(nonce=0, gasPrice=1, gas=21000, to=addr("bob"), value=1, data=b""), key("alice")).raw_transaction)
    cases = [
        ("unprotected legacy (v = 27/28)", unprotected, "unprotected"),
        ("legacy high-S", reencode(legacy, high_s), "high_s"),
        ("type 1 high-S", reencode(typed1, high_s), "high_s"),
        ("type 2 high-S", reencode(typed2, high_s), "high_s"),
        ("legacy nonce with a leading zero", reencode(legacy, set_field(0, b"\x00")), "non_canonical_integer"),
        ("type 2 nonce with a leading zero", reencode(typed2, set_field(1, b"\x00" + int_bytes(2**40))),
         "non_canonical_integer"),
        ("type 2 nonce of 9 bytes", reencode(typed2, set_field(1, b"\x01" + b"\x00" * 8)), "integer_too_large"),
        ("type 2 value of 33 bytes", reencode(typed2, set_field(6, b"\x01" + b"\x00" * 32)), "integer_too_large"),
        ("type 3 envelope", b"\x03" + typed2[1:], "unsupported_type"),
        ("type 0 envelope", b"\x00" + typed2[1:], "unsupported_type"),
        ("type 0x7f envelope", b"\x7f" + typed2[1:], "unsupported_type"),
        ("legacy with a trailing byte", legacy + b"\x00", "malformed_rlp"),
        ("type 2 with a trailing byte", typed2 + b"\x00", "malformed_rlp"),
        ("legacy truncated", legacy[:-1], "malformed_rlp"),
        ("type 1 truncated", typed1[:-1], "malformed_rlp"),
        ("type byte only", typed2[:1], "malformed_rlp"),
        ("empty", b"", "malformed_rlp"),
        ("legacy r = 0", reencode(legacy, set_field(7, b"")), "invalid_signature"),
        ("type 2 r = 0", reencode(typed2, set_field(10, b"")), "invalid_signature"),
        ("type 2 s = 0", reencode(typed2, set_field(11, b"")), "invalid_signature"),
        ("type 2 r = n", reencode(typed2, set_field(10, int_bytes(N))), "invalid_signature"),
        ("type 2 yParity = 2", reencode(typed2, set_field(9, b"\x02")), "invalid_signature"),
        ("legacy v = 29", reencode(legacy, set_field(6, b"\x1d")), "invalid_signature"),
        ("legacy v = 0", reencode(legacy, set_field(6, b"")), "invalid_signature"),
        ("type 2 with a field missing", reencode(typed2, lambda f: f[:-1]), "malformed_transaction"),
        ("legacy with an extra field", reencode(legacy, lambda f: f + [b""]), "malformed_transaction"),
        ("type 2 to of 19 bytes", reencode(typed2, set_field(5, b"\x11" * 19)), "malformed_transaction"),
        ("type 2 data as a list", reencode(typed2, set_field(7, [])), "malformed_transaction"),
        ("type 1 storage key of 31 bytes",
         reencode(typed1, lambda f: f[:7] + [[[f[7][0][0], [b"\x01" * 31]]]] + f[8:]), "malformed_transaction"),
        ("type 1 access list entry of 3 items",
         reencode(typed1, lambda f: f[:7] + [[[f[7][0][0], [], b""]]] + f[8:]), "malformed_transaction"),
        ("RLP string instead of a list", b"\x83abc", "malformed_transaction"),
    ]
    return [{"name": n, "raw": "0x" + r.hex(), "error": e} for n, r, e in cases]


def abi_vectors():
    alice, bob, carol = addr("alice"), addr("bob"), addr("carol")
    big = 2**256 - 1
    sel = function_signature_to_4byte_selector
    calls = [
        {"call": "transfer", "to": bob, "amount": str(10**18),
         "calldata": sel("transfer(address,uint256)") + abi_encode(["address", "uint256"], [bob, 10**18])},
        {"call": "approve", "spender": carol, "amount": str(big),
         "calldata": sel("approve(address,uint256)") + abi_encode(["address", "uint256"], [carol, big])},
        {"call": "transferFrom", "from": alice, "to": bob, "amount": "0",
         "calldata": sel("transferFrom(address,address,uint256)")
         + abi_encode(["address", "address", "uint256"], [alice, bob, 0])},
        {"call": "balanceOf", "account": alice, "calldata": sel("balanceOf(address)") + abi_encode(["address"], [alice])},
        {"call": "allowance", "owner": alice, "spender": carol,
         "calldata": sel("allowance(address,address)") + abi_encode(["address", "address"], [alice, carol])},
        {"call": "name", "calldata": sel("name()")},
        {"call": "totalSupply", "calldata": sel("totalSupply()")},
    ]
    for c in calls:
        c["calldata"] = "0x" + c["calldata"].hex()
    errors = [
        ("ERC20InsufficientBalance", "address,uint256,uint256", [alice, 5, 7]),
        ("ERC20InsufficientAllowance", "address,uint256,uint256", [carol, 0, big]),
        ("ERC20InvalidSender", "address", ["0x" + "00" * 20]),
        ("ERC20InvalidReceiver", "address", ["0x" + "00" * 20]),
        ("ERC20InvalidApprover", "address", [bob]),
        ("ERC20InvalidSpender", "address", ["0x" + "00" * 20]),
    ]
    reverts = []
    for name, types, args in errors:
        data = sel(f"{name}({types})") + abi_encode(types.split(","), args)
        reverts.append({"code": name, "arguments": [str(a) if isinstance(a, int) else to_checksum_address(a)
                                                    for a in args], "data": "0x" + data.hex()})
    strings = [{"text": t, "encoded": "0x" + abi_encode(["string"], [t]).hex()}
               for t in ["SolarCoin", "", "x" * 32, "Grüne Energie ☀", "y" * 33]]
    return {"calls": calls, "reverts": reverts, "strings": strings,
            "uint": [{"value": str(v), "encoded": "0x" + abi_encode(["uint256"], [v]).hex()} for v in (0, 1, 18, big)],
            "bool": [{"value": b, "encoded": "0x" + abi_encode(["bool"], [b]).hex()} for b in (False, True)]}


def bloom(values) -> bytes:
    """Yellow Paper M3:2048: for each value, for i in 0..2, set bit (keccak(v)[2i:2i+2] mod 2048),
    bits numbered from the low end of the 2048-bit big-endian integer."""
    acc = 0
    for v in values:
        h = keccak(v)
        for i in range(3):
            acc |= 1 << (int.from_bytes(h[2 * i:2 * i + 2], "big") & 2047)
    return acc.to_bytes(256, "big")


def bloom_vectors():
    transfer = keccak(text="Transfer(address,address,uint256)")
    approval = keccak(text="Approval(address,address,uint256)")
    pad = lambda a: b"\x00" * 12 + bytes.fromhex(a[2:])
    cases = []
    # Events as the ledger reports them: asset hash (AssetID.hash) → token address keccak("helio-token" ‖ hash)[12:].
    for i, (kind, a, b, value) in enumerate([
        ("transfer", "0x" + "00" * 20, addr("alice"), 10**21),
        ("transfer", addr("alice"), addr("bob"), 5),
        ("approval", addr("alice"), addr("carol"), 2**256 - 1),
    ]):
        asset_hash = keccak(text=f"asset{i}")[:20]
        token = keccak(b"helio-token" + asset_hash)[12:]
        topics = [transfer if kind == "transfer" else approval, pad(a), pad(b)]
        cases.append({"event": kind, "asset_hash": "0x" + asset_hash.hex(), "a": a, "b": b, "value": str(value),
                      "token_address": to_checksum_address(token), "topics": ["0x" + t.hex() for t in topics],
                      "data": "0x" + value.to_bytes(32, "big").hex(),
                      "bloom": "0x" + bloom([token] + topics).hex()})
    everything = []
    for c in cases:
        everything += [bytes.fromhex(c["token_address"][2:])] + [bytes.fromhex(t[2:]) for t in c["topics"]]
    return {"logs": cases, "receipt_bloom": "0x" + bloom(everything).hex()}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    valid = valid_vectors()
    files = {
        "transactions.json": {"valid": valid, "invalid": invalid_vectors(valid)},
        "abi.json": abi_vectors(),
        "bloom.json": bloom_vectors(),
    }
    for name, content in files.items():
        (OUT / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n")
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
