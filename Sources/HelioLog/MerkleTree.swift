/// An append-only RFC 9162 Merkle tree over a `MerkleNodeStore`.
///
/// Why this shape: the log never rehashes itself. Appending a leaf freezes amortised two nodes (the leaf
/// and the perfect subtrees it completes) and hands them to the store; every root, inclusion proof and
/// consistency proof — at the current size or ANY earlier one — is then a fold of O(log n) stored nodes
/// (see `MerkleTree+Proofs.swift`). The tree itself holds only the right edge (`MerkleFrontier`, ≤ 64
/// hashes), so the same code serves an in-memory tree and a tree over a database of 10^7 entries.
///
/// Generic over the store, not an existential, so node reads are direct calls and the tree is `Sendable`
/// whenever its store is. Verification needs no tree: see `Merkle.verifyInclusion` and
/// `Merkle.verifyConsistency`.
public struct MerkleTree<Store: MerkleNodeStore> {
    /// The nodes. Read it freely; mutate it only through the tree (`append`), or the two disagree.
    public private(set) var store: Store
    private var frontier: MerkleFrontier

    /// The number of leaves appended.
    public var size: UInt64 { frontier.size }

    /// Opens a tree over whatever `store` already holds, reading its right edge (O(log n) node reads).
    ///
    /// - Throws: `LogError.storeFailure` when the store throws, `.storeInconsistent` when a node that
    ///   `leafCount()` implies is missing or not 32 bytes.
    public init(store: Store) throws(LogError) {
        self.store = store
        self.frontier = MerkleFrontier()
        let size: UInt64
        do { size = try store.leafCount() } catch { throw Self.storeError(error, "read the leaf count") }
        var hashes: [[UInt8]] = []
        for (level, index) in Self.decomposition(start: 0, count: size) {
            hashes.append(try readNode(level: level, index: index))
        }
        frontier = MerkleFrontier(size: size, hashes: hashes)
    }

    /// Appends one leaf hash (see `Merkle.leafHash(_:)`) and returns its index.
    ///
    /// Atomic: when the store throws, the tree is unchanged. Cost: amortised one node hash, one store call.
    /// - Throws: `LogError.invalidHash` for a hash that is not 32 bytes; store failures as in `init`.
    @discardableResult
    public mutating func append(leafHash: [UInt8]) throws(LogError) -> UInt64 {
        try Merkle.checkHash(leafHash, "leaf hash")
        var hasher = NodeHasher()
        let frozen = frontier.frozenNodes(appending: leafHash, hasher: &hasher)
        let index = frontier.size
        do {
            try store.append(leafIndex: index, frozenNodes: frozen)
        } catch {
            throw Self.storeError(error, "store the nodes of leaf \(index)")
        }
        frontier.commit(frozen)
        return index
    }

    /// Appends leaf hashes in order; stops at the first failure, keeping the leaves appended before it.
    public mutating func append(contentsOf leafHashes: some Sequence<[UInt8]>) throws(LogError) {
        for leafHash in leafHashes { try append(leafHash: leafHash) }
    }

    /// The root at the current size: O(log n) hashes of the right edge, no store reads.
    public var root: [UInt8] {
        var hasher = NodeHasher()
        return frontier.root(hasher: &hasher)
    }

    /// The root the tree had when it held `treeSize` leaves (0 gives `Merkle.emptyRoot`).
    ///
    /// Cost: one node read per set bit of `treeSize` and one hash fewer.
    /// - Throws: `LogError.sizeBeyondTree` when `treeSize > size`; store failures as in `init`.
    public func root(atSize treeSize: UInt64) throws(LogError) -> [UInt8] {
        guard treeSize <= size else {
            throw LogError(.sizeBeyondTree, "tree size \(treeSize) is beyond the tree's \(size) leaves")
        }
        if treeSize == size { return root }
        if treeSize == 0 { return Merkle.emptyRoot }
        return try rangeHash(start: 0, end: treeSize)
    }

    /// A checkpoint of the current size and root, for `origin` at `timestamp` (unix seconds; the log has no
    /// clock, so the caller supplies the time).
    public func checkpoint(origin: String, timestamp: Int64) throws(LogError) -> Checkpoint {
        try Checkpoint(origin: origin, treeSize: size, rootHash: root, timestamp: timestamp)
    }
}

extension MerkleTree: Sendable where Store: Sendable {}

extension MerkleTree where Store == InMemoryMerkleNodeStore {
    /// An empty tree in memory.
    public init() {
        store = InMemoryMerkleNodeStore()
        frontier = MerkleFrontier()
    }
}

/// A Merkle tree held entirely in memory.
public typealias InMemoryMerkleTree = MerkleTree<InMemoryMerkleNodeStore>
