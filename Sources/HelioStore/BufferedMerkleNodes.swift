import Foundation
import HelioLog

/// The writer's `MerkleNodeStore`: reads fall through to the `LedgerStore`, `append` buffers the newly
/// frozen nodes in memory until the writer moves them into its `CommitBatch`.
///
/// The writer's cycle, with `tree: MerkleTree<BufferedMerkleNodes>`:
///
///     for each accepted command: tree.append(leafHash:)          // nodes buffered here
///     batch.merkleNodes = nodes.drain()                           // buffered → batch
///     do { try store.commit(batch) } catch {
///         nodes.discard(); tree = try MerkleTree(store: nodes)    // back to what the store holds
///     }
///
/// `leafCount()` is the leaves the tree has appended: the store's journal size when first asked, plus
/// every `append` since. `drain()` keeps that count (the drained nodes are on their way into the store);
/// `discard()` forgets it, so the next `leafCount()` asks the store again. Between `drain()` and the end of
/// `commit` the drained nodes are in neither place: do not read them in that window.
///
/// `@unchecked Sendable` because all mutable state is guarded by `lock`; the writer owns it, but a
/// Sendable value can be built outside the writer actor and handed in.
public final class BufferedMerkleNodes: MerkleNodeStore, @unchecked Sendable {
    private struct Key: Hashable {
        let level: Int
        let index: UInt64
    }

    /// Where committed nodes are read from.
    public let base: any LedgerStore
    private let lock = NSLock()
    private var pending: [MerkleNode] = []
    private var pendingByKey: [Key: [UInt8]] = [:]
    private var count: UInt64?

    public init(store: any LedgerStore) {
        self.base = store
    }

    /// Same as `init(store:)`.
    public convenience init(_ store: any LedgerStore) {
        self.init(store: store)
    }

    /// A buffer over the tree of the first `leafCount` stored entries (a snapshot's size: the journal may
    /// already be longer when other nodes append to the same database).
    public convenience init(store: any LedgerStore, leafCount: UInt64) {
        self.init(store: store)
        self.count = leafCount
    }

    public func leafCount() throws -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return try currentCount()
    }

    public func node(level: Int, index: UInt64) throws -> [UInt8]? {
        lock.lock()
        let buffered = pendingByKey[Key(level: level, index: index)]
        lock.unlock()
        if let buffered { return buffered }
        return try base.merkleNode(level: level, index: index)
    }

    /// Buffers the nodes leaf `leafIndex` freezes.
    /// - Throws: `StoreError.outOfOrder` when `leafIndex` is not `leafCount()`, `.constraint` for a wrong
    ///   number of nodes or a hash that is not 32 bytes; nothing is buffered then.
    public func append(leafIndex: UInt64, frozenNodes: [[UInt8]]) throws {
        lock.lock()
        defer { lock.unlock() }
        let current = try currentCount()
        guard leafIndex == current else {
            throw StoreError(.outOfOrder, "leaf \(leafIndex) appended to a tree of \(current) leaves")
        }
        let expected = 1 + (~leafIndex).trailingZeroBitCount
        guard frozenNodes.count == expected, frozenNodes.allSatisfy({ $0.count == 32 }) else {
            throw StoreError(
                .constraint, "leaf \(leafIndex) freezes \(expected) nodes of 32 bytes, got \(frozenNodes.map(\.count))")
        }
        for (level, hash) in frozenNodes.enumerated() {
            let node = MerkleNode(level: level, index: leafIndex >> UInt64(level), hash: hash)
            pending.append(node)
            pendingByKey[Key(level: level, index: node.index)] = hash
        }
        count = current + 1
    }

    /// The buffered nodes in append order (level 0 included), removed from the buffer.
    public func drain() -> [MerkleNode] {
        lock.lock()
        defer { lock.unlock() }
        let nodes = pending
        pending = []
        pendingByKey = [:]
        return nodes
    }

    /// Drops the buffered nodes and the leaf count, after a failed commit.
    public func discard() {
        lock.lock()
        defer { lock.unlock() }
        pending = []
        pendingByKey = [:]
        count = nil
    }

    /// Call with `lock` held.
    private func currentCount() throws -> UInt64 {
        if let count { return count }
        let stored = try base.journalSize()
        count = stored
        return stored
    }
}
