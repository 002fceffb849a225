extension MerkleTree {
    /// Reads a frozen node, turning absence, a malformed hash or a store error into a `LogError`.
    func readNode(level: Int, index: UInt64) throws(LogError) -> [UInt8] {
        let found: [UInt8]?
        do {
            found = try store.node(level: level, index: index)
        } catch {
            throw Self.storeError(error, "read node (level \(level), index \(index))")
        }
        guard let hash = found else {
            throw LogError(.storeInconsistent, "the store lacks node (level \(level), index \(index))")
        }
        guard hash.count == Merkle.hashSize else {
            throw LogError(.storeInconsistent, "node (level \(level), index \(index)) is \(hash.count) bytes")
        }
        return hash
    }

    /// The perfect subtrees that cover leaves [start, start + count), largest first, as (level, index).
    ///
    /// Valid when `start` is a multiple of the largest power of two in `count` — true for every range the
    /// RFC 9162 recursion produces (it always splits at a power of two), so each piece is a frozen node.
    static func decomposition(start: UInt64, count: UInt64) -> [(level: Int, index: UInt64)] {
        var pieces: [(level: Int, index: UInt64)] = []
        var offset = start
        var remaining = count
        while remaining != 0 {
            let level = 63 - remaining.leadingZeroBitCount
            pieces.append((level, offset >> UInt64(level)))
            offset += 1 << UInt64(level)
            remaining &= ~(1 << UInt64(level))
        }
        return pieces
    }

    /// MTH(D[start:end]) from stored nodes: the subtree roots of the range, folded right to left.
    /// Requires `start < end` and the alignment `decomposition` documents.
    func rangeHash(start: UInt64, end: UInt64) throws(LogError) -> [UInt8] {
        let pieces = Self.decomposition(start: start, count: end - start)
        var hash = try readNode(level: pieces[pieces.count - 1].level, index: pieces[pieces.count - 1].index)
        if pieces.count == 1 { return hash }
        var hasher = NodeHasher()
        for piece in pieces.dropLast().reversed() {
            hash = hasher.hash(try readNode(level: piece.level, index: piece.index), hash)
        }
        return hash
    }

    /// Reports a store's error as `storeFailure`; a `LogError` (a store's own contract check) passes through.
    static func storeError(_ error: any Error, _ what: String) -> LogError {
        if let logError = error as? LogError { return logError }
        return LogError(.storeFailure, "the Merkle node store failed to \(what): \(error)")
    }
}
