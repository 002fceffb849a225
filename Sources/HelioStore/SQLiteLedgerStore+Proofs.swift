import GRDB
import HelioLog

extension SQLiteLedgerStore {
    /// From ONE read snapshot: every node read is a cached-statement lookup on the reader connection,
    /// not a pool access per node.
    public func inclusionProof(index: UInt64, treeSize: UInt64) throws -> [[UInt8]] {
        try withMerkleTree(size: treeSize, "an inclusion proof") { tree in
            try tree.inclusionProof(index: index, treeSize: treeSize)
        }
    }

    /// From ONE read snapshot, like `inclusionProof`.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws -> [[UInt8]] {
        guard oldSize <= newSize else {
            throw LogError(.invalidSizes, "old size \(oldSize) exceeds new size \(newSize)")
        }
        return try withMerkleTree(size: newSize, "a consistency proof") { tree in
            try tree.consistencyProof(oldSize: oldSize, newSize: newSize)
        }
    }

    /// Runs `body` on a tree of `size` leaves over one read snapshot. A `LogError` passes through (a bad
    /// request, or `.storeFailure` wrapping a failed node read); other failures become `StoreError`.
    private func withMerkleTree<T>(
        size: UInt64, _ what: String, _ body: (MerkleTree<SnapshotMerkleNodes>) throws -> T
    ) throws -> T {
        let result: Result<T, LogError> = try withStoreErrors("read \(what)") {
            try pool.read { db in
                let stored = try Self.journalSize(db)
                guard size <= stored else {
                    return .failure(
                        LogError(.sizeBeyondTree, "tree size \(size) is beyond the journal's \(stored) entries"))
                }
                do {
                    return .success(try body(try MerkleTree(store: SnapshotMerkleNodes(db: db, leafCount: size))))
                } catch let error as LogError {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }
}
