import HelioCrypto

extension Merkle {
    /// RFC 9162 §2.1.3.2: does `proof` show that `leafHash` is leaf `index` of the tree of `treeSize`
    /// leaves whose root is `root`?
    ///
    /// Pure and total: any malformed input (index ≥ size, a hash that is not 32 bytes, a proof of the
    /// wrong length) yields `false`, never a trap, because proofs arrive from untrusted parties.
    /// Cost: one node hash per proof element (≤ 64).
    public static func verifyInclusion(
        leafHash: [UInt8], index: UInt64, treeSize: UInt64, proof: [[UInt8]], root: [UInt8]
    ) -> Bool {
        guard index < treeSize, leafHash.count == hashSize, root.count == hashSize,
            proof.count <= 64, proof.allSatisfy({ $0.count == hashSize })
        else { return false }
        var hasher = NodeHasher()
        var fn = index
        var sn = treeSize - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = hasher.hash(p, r)
                if fn & 1 == 0 {
                    // fn is the last node of its level and a left child: climb until it is a right child.
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = hasher.hash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && Digest.constantTimeEqual(r, root)
    }

    /// RFC 9162 §2.1.4.2: does `proof` show that the tree of `oldSize` leaves with root `oldRoot` is a
    /// prefix of the tree of `newSize` leaves with root `newRoot`?
    ///
    /// Beyond the RFC's 0 < m < n case: equal sizes are consistent exactly when the proof is empty and the
    /// roots are equal; size 0 is consistent with any newer tree when the proof is empty and `oldRoot` is
    /// the empty tree's root (anything else claimed for size 0 is false). Pure and total, like
    /// `verifyInclusion`.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) -> Bool {
        guard oldSize <= newSize, oldRoot.count == hashSize, newRoot.count == hashSize,
            proof.count <= 128, proof.allSatisfy({ $0.count == hashSize })
        else { return false }
        if oldSize == newSize { return proof.isEmpty && Digest.constantTimeEqual(oldRoot, newRoot) }
        if oldSize == 0 { return proof.isEmpty && Digest.constantTimeEqual(oldRoot, emptyRoot) }
        // Step 1: a non-trivial consistency proof is never empty.
        guard !proof.isEmpty else { return false }
        // Step 2: when the old tree is perfect, its root is itself the first node of the path.
        var path = proof[...]
        let seed = oldSize & (oldSize - 1) == 0 ? oldRoot : path.removeFirst()
        // Steps 3–4.
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5.
        var hasher = NodeHasher()
        var fr = seed
        var sr = seed
        // Step 6.
        for c in path {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = hasher.hash(c, fr)
                sr = hasher.hash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = hasher.hash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        return sn == 0 && Digest.constantTimeEqual(fr, oldRoot) && Digest.constantTimeEqual(sr, newRoot)
    }
}
