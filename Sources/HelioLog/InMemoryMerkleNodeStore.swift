/// A `MerkleNodeStore` in memory: for tests, witnesses replaying a log, and tools that rebuild a tree
/// from a journal.
///
/// Each level is one flat byte buffer with its nodes back to back, 32 bytes each, rather than an array of
/// arrays: one heap allocation and ~48 bytes of bookkeeping per node would double the memory of a large
/// tree (10^7 leaves → 2·10^7 nodes → 640 MB flat). A value type, so a copy is a snapshot.
public struct InMemoryMerkleNodeStore: MerkleNodeStore, Sendable {
    /// `levels[L]` holds the level-L nodes in index order.
    private var levels: [[UInt8]] = []

    public init() {}

    public func leafCount() -> UInt64 {
        levels.isEmpty ? 0 : UInt64(levels[0].count / Merkle.hashSize)
    }

    public func node(level: Int, index: UInt64) -> [UInt8]? {
        guard level >= 0, level < levels.count else { return nil }
        let buffer = levels[level]
        guard index < UInt64(buffer.count / Merkle.hashSize) else { return nil }
        let start = Int(index) * Merkle.hashSize
        return Array(buffer[start..<start + Merkle.hashSize])
    }

    /// - Throws: `LogError.storeInconsistent` for an out-of-order leaf index or a wrong set of nodes;
    ///   nothing is stored then.
    public mutating func append(leafIndex: UInt64, frozenNodes: [[UInt8]]) throws(LogError) {
        let count = leafCount()
        guard leafIndex == count else {
            throw LogError(.storeInconsistent, "leaf \(leafIndex) appended to a store holding \(count) leaves")
        }
        let expected = 1 + (~leafIndex).trailingZeroBitCount
        guard frozenNodes.count == expected, frozenNodes.allSatisfy({ $0.count == Merkle.hashSize }) else {
            throw LogError(
                .storeInconsistent,
                "leaf \(leafIndex) freezes \(expected) nodes of 32 bytes, got \(frozenNodes.map(\.count))")
        }
        for (level, hash) in frozenNodes.enumerated() {
            if level == levels.count { levels.append([]) }
            levels[level].append(contentsOf: hash)
        }
    }
}
