extension MerkleTree {
    /// RFC 9162 §2.1.3.1 PATH(index, D[0:treeSize]): the audit path of leaf `index` in the tree as it was at
    /// `treeSize` leaves, deepest sibling first — the order `Merkle.verifyInclusion` consumes.
    ///
    /// Walks the RFC recursion top-down without recursing: at each split the sibling is either a perfect
    /// left subtree (one stored node) or the right part of the range, which is a perfect subtree once the
    /// path has gone left, so at most one sibling needs a fold of several stored nodes. Cost: O(log n)
    /// node reads and at most log n hashes; no rehashing of leaves.
    /// - Throws: `LogError.sizeBeyondTree` when `treeSize > size`, `.indexOutOfRange` when
    ///   `index >= treeSize`; store failures as in `init(store:)`.
    public func inclusionProof(index: UInt64, treeSize: UInt64) throws(LogError) -> [[UInt8]] {
        guard treeSize <= size else {
            throw LogError(.sizeBeyondTree, "tree size \(treeSize) is beyond the tree's \(size) leaves")
        }
        guard index < treeSize else {
            throw LogError(.indexOutOfRange, "leaf index \(index) is not below tree size \(treeSize)")
        }
        var path: [[UInt8]] = []
        path.reserveCapacity(64 - treeSize.leadingZeroBitCount)
        var low: UInt64 = 0
        var high = treeSize
        while high - low > 1 {
            let split = Self.largestPowerOfTwo(below: high - low)
            if index < low + split {
                path.append(try rangeHash(start: low + split, end: high))
                high = low + split
            } else {
                path.append(try readNode(level: split.trailingZeroBitCount, index: low / split))
                low += split
            }
        }
        path.reverse()
        return path
    }

    /// RFC 9162 §2.1.4.1 PROOF(oldSize, D[0:newSize]): the nodes that prove the tree at `oldSize` is a
    /// prefix of the tree at `newSize`, in the order `Merkle.verifyConsistency` consumes.
    ///
    /// Empty when `oldSize` is 0 or equals `newSize` (nothing to prove). Same top-down walk and cost as
    /// `inclusionProof`.
    /// - Throws: `LogError.invalidSizes` when `oldSize > newSize`, `.sizeBeyondTree` when
    ///   `newSize > size`; store failures as in `init(store:)`.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws(LogError) -> [[UInt8]] {
        guard oldSize <= newSize else {
            throw LogError(.invalidSizes, "old size \(oldSize) exceeds new size \(newSize)")
        }
        guard newSize <= size else {
            throw LogError(.sizeBeyondTree, "tree size \(newSize) is beyond the tree's \(size) leaves")
        }
        if oldSize == 0 || oldSize == newSize { return [] }
        var path: [[UInt8]] = []
        path.reserveCapacity(2 * (64 - newSize.leadingZeroBitCount))
        var low: UInt64 = 0
        var high = newSize
        // SUBPROOF's flag b: true while the walk has only gone left, i.e. [low, high) still starts at 0,
        // where the verifier already knows the old root and needs no node for it.
        var startsAtZero = true
        while oldSize != high {
            let split = Self.largestPowerOfTwo(below: high - low)
            if oldSize - low <= split {
                path.append(try rangeHash(start: low + split, end: high))
                high = low + split
            } else {
                path.append(try readNode(level: split.trailingZeroBitCount, index: low / split))
                low += split
                startsAtZero = false
            }
        }
        if !startsAtZero {
            path.append(try rangeHash(start: low, end: high))
        }
        path.reverse()
        return path
    }

    /// The largest power of two strictly below `n` (n ≥ 2): RFC 9162's split point k.
    @inline(__always)
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        1 << UInt64(63 - (n - 1).leadingZeroBitCount)
    }
}
