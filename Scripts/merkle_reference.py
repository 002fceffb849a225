#!/usr/bin/env python3
"""An independent Merkle tree reference, written from the text of RFC 9162 §2.1 with hashlib only.

It shares no code with Sources/HelioLog and deliberately takes the other road: the RFC's recursive
definitions (MTH, PATH, PROOF/SUBPROOF) computed straight from the leaf list, and the verification
algorithms of §2.1.3.2 and §2.1.4.2 transcribed step by step. Tests/interop/test_merkle.py uses it to
check every root and proof that Helio prints (Tests/HelioLogTests/Fixtures/merkle-proofs.json).

Run it alone to check it against the published Certificate Transparency test data:
    python3 Scripts/merkle_reference.py
"""
import hashlib
import sys

EMPTY_ROOT = hashlib.sha256(b"").digest()

# The 8 leaf inputs of the RFC 6962 / Certificate Transparency reference test suites, and the published
# roots of the trees of their first 1..8 leaves.
CT_LEAVES = [bytes.fromhex(h) for h in [
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
]]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def leaf_hash(entry: bytes) -> bytes:
    """MTH({d(0)}) = SHA-256(0x00 || d(0))."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """k: the largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(entries: list) -> bytes:
    """RFC 9162 §2.1.1 Merkle Tree Hash of a list of entries (raw bytes, not hashes)."""
    n = len(entries)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hash(entries[0])
    k = split_point(n)
    return node_hash(mth(entries[:k]), mth(entries[k:]))


def path(m: int, entries: list) -> list:
    """RFC 9162 §2.1.3.1 PATH(m, D_n): the inclusion proof of leaf m."""
    n = len(entries)
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return path(m, entries[:k]) + [mth(entries[k:])]
    return path(m - k, entries[k:]) + [mth(entries[:k])]


def subproof(m: int, entries: list, b: bool) -> list:
    """RFC 9162 §2.1.4.1 SUBPROOF(m, D_n, b)."""
    n = len(entries)
    if m == n:
        return [] if b else [mth(entries)]
    k = split_point(n)
    if m <= k:
        return subproof(m, entries[:k], b) + [mth(entries[k:])]
    return subproof(m - k, entries[k:], False) + [mth(entries[:k])]


def consistency_proof(m: int, entries: list) -> list:
    """RFC 9162 §2.1.4.1 PROOF(m, D_n) for 0 < m < n; empty (nothing to prove) for m = 0 or m = n."""
    if m == 0 or m == len(entries):
        return []
    return subproof(m, entries, True)


def verify_inclusion(leaf: bytes, index: int, size: int, proof: list, root: bytes) -> bool:
    """RFC 9162 §2.1.3.2, step by step."""
    # 1. leaf_index must be below tree_size.
    if index >= size:
        return False
    # 2. fn = leaf_index, sn = tree_size - 1.  3. r = hash.
    fn, sn, r = index, size - 1, leaf
    # 4. For each value p in the inclusion_path array:
    for p in proof:
        if sn == 0:  # a.
            return False
        if fn & 1 or fn == sn:  # b.
            r = node_hash(p, r)  # i.
            if not fn & 1:  # ii.
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1  # c.
        sn >>= 1
    # 5. sn must be 0 and r must equal the root.
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_hash: bytes, second_hash: bytes, proof: list) -> bool:
    """RFC 9162 §2.1.4.2, step by step, plus the trivial cases the RFC leaves out (0 or equal sizes)."""
    if first > second:
        return False
    if first == second:
        return not proof and first_hash == second_hash
    if first == 0:
        return not proof and first_hash == EMPTY_ROOT
    # 1. An empty consistency_path fails.
    if not proof:
        return False
    proof = list(proof)
    # 2. If first is an exact power of 2, prepend first_hash.
    if first & (first - 1) == 0:
        proof = [first_hash] + proof
    # 3. fn = first - 1, sn = second - 1.
    fn, sn = first - 1, second - 1
    # 4. While LSB(fn) is set, right-shift both.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. fr = sr = the first value of the path.
    fr = sr = proof[0]
    # 6. For each subsequent value c:
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    # 7. fr == first_hash, sr == second_hash, sn == 0.
    return sn == 0 and fr == first_hash and sr == second_hash


def self_check() -> None:
    """Checks this implementation against the published CT roots and against itself."""
    for size in range(1, 9):
        got = mth(CT_LEAVES[:size]).hex()
        assert got == CT_ROOTS[size - 1], f"root of size {size}: {got}"
    assert mth([]) == EMPTY_ROOT
    for n in range(1, 9):
        entries = CT_LEAVES[:n]
        root = mth(entries)
        for m in range(n):
            assert verify_inclusion(leaf_hash(entries[m]), m, n, path(m, entries), root)
        for m in range(0, n + 1):
            assert verify_consistency(m, n, mth(entries[:m]), root, consistency_proof(m, entries))


if __name__ == "__main__":
    self_check()
    for size in range(1, 9):
        print(size, mth(CT_LEAVES[:size]).hex())
    print("merkle_reference: the published CT roots for sizes 1..8 match", file=sys.stderr)
