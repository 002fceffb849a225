import HelioLog

/// A read-only `MerkleNodeStore` over a `LedgerStore`: `MerkleTree(store: DatabaseMerkleNodes(store))`
/// answers roots, inclusion proofs and consistency proofs at any size ≤ the journal size when the tree
/// was opened, from stored nodes alone.
///
/// Why it can be shared and long-lived: frozen nodes never change, so a tree opened at size n stays
/// correct for every size ≤ n while the writer keeps appending; reopen it to answer for newer sizes.
/// Each node read is one store read (one read transaction); for many proofs at once prefer
/// `LedgerStore.inclusionProof(index:treeSize:)`, which backends may answer from one snapshot.
public struct DatabaseMerkleNodes: MerkleNodeStore, Sendable {
    public let store: any LedgerStore
    /// A fixed size ≤ the journal's (a tree as of a checkpoint), or nil for the journal size.
    private let fixedCount: UInt64?

    public init(store: any LedgerStore) {
        self.store = store
        self.fixedCount = nil
    }

    /// Same as `init(store:)`.
    public init(_ store: any LedgerStore) {
        self.init(store: store)
    }

    /// The tree of the first `leafCount` entries (which must be stored).
    public init(_ store: any LedgerStore, leafCount: UInt64) {
        self.store = store
        self.fixedCount = leafCount
    }

    /// The journal size: every leaf and every node it freezes is stored (commit enforces it).
    public func leafCount() throws -> UInt64 { try fixedCount ?? store.journalSize() }

    public func node(level: Int, index: UInt64) throws -> [UInt8]? {
        try store.merkleNode(level: level, index: index)
    }

    /// Always throws `StoreError.readOnly`: nodes reach the store only inside `commit`, with their entries.
    public mutating func append(leafIndex: UInt64, frozenNodes: [[UInt8]]) throws {
        throw StoreError(
            .readOnly, "DatabaseMerkleNodes is a reader: leaf \(leafIndex) must be committed with its entry")
    }
}
