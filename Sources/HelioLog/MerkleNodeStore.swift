/// Where a `MerkleTree` keeps its frozen nodes: the one seam between the tree's arithmetic and storage.
///
/// A *frozen* node is the root of a perfect subtree. The node at `level` L and `index` i covers leaves
/// [i·2^L, (i+1)·2^L); it exists from the moment the last of those leaves is appended and never changes
/// afterwards, which is why a store only ever inserts (an append-only table in SQLite, an array here) and
/// never updates. Level 0 holds the leaf hashes themselves. A tree of n leaves has fewer than 2n frozen
/// nodes, and every root, inclusion proof and consistency proof of any size ≤ n is a fold of O(log n) of
/// them — which is why the tree never rehashes the log.
///
/// Contract (`InMemoryMerkleNodeStore` is the reference implementation):
/// - `append(leafIndex:frozenNodes:)` is called once per leaf, with leaf indices 0, 1, 2, … in order.
///   `frozenNodes[L]` is the node at level L, index `leafIndex >> L`; there are
///   1 + (number of trailing one bits of `leafIndex`) of them, so `frozenNodes[0]` is the leaf hash.
///   A store should refuse (throw) an index other than `leafCount()`: that is a caller bug or a race.
/// - After `append` returns, `leafCount()` is `leafIndex + 1` and `node(level:index:)` returns each of
///   those hashes; `node` returns nil for a node not (yet) frozen.
/// - Every hash is 32 bytes.
/// - Synchronous and transaction-agnostic: a database-backed store runs inside whatever transaction the
///   caller holds (the registry appends the journal entry and its Merkle nodes in ONE transaction). If
///   that transaction rolls back, the caller must rebuild its `MerkleTree` with `init(store:)`, because
///   the tree's in-memory right edge has already moved on.
/// - Errors may be of any type; `MerkleTree` reports them as `LogError.storeFailure`.
public protocol MerkleNodeStore {
    /// The number of leaves stored: the largest tree size the store can answer for.
    func leafCount() throws -> UInt64

    /// The hash of the frozen node at `level` (0 = leaves) and `index`, or nil when it is not stored.
    func node(level: Int, index: UInt64) throws -> [UInt8]?

    /// Stores the nodes that appending leaf `leafIndex` freezes; see the contract above.
    mutating func append(leafIndex: UInt64, frozenNodes: [[UInt8]]) throws
}
