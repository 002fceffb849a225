import HelioLog

extension LedgerStore {
    /// Default: a tree over `DatabaseMerkleNodes` (one store read per node).
    public func inclusionProof(index: UInt64, treeSize: UInt64) throws -> [[UInt8]] {
        try MerkleTree(store: DatabaseMerkleNodes(self)).inclusionProof(index: index, treeSize: treeSize)
    }

    /// Default: a tree over `DatabaseMerkleNodes` (one store read per node).
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws -> [[UInt8]] {
        try MerkleTree(store: DatabaseMerkleNodes(self)).consistencyProof(oldSize: oldSize, newSize: newSize)
    }
}
