import HelioLog
import HelioStore
import Testing

@testable import HelioLedger

@Suite struct MerkleStoreTests {
    /// Commits `count` synthetic entries in batches of varied sizes (so batch edges fall everywhere
    /// relative to perfect subtrees); returns the reference tree.
    static func filledStore(_ count: Int) throws -> (SQLiteLedgerStore, InMemoryMerkleTree) {
        let store = try SQLiteLedgerStore.temporary()
        var ledger = TestLedger()
        let sizes = [1, 2, 5, 8, 1, 16, 31, 64, 3]
        var produced = 0
        var turn = 0
        while produced < count {
            let size = min(sizes[turn % sizes.count], count - produced)
            for _ in 0..<size {
                ledger.note("entry \(produced)")
                produced += 1
            }
            try store.commit(ledger.takeBatch())
            turn += 1
        }
        return (store, ledger.tree)
    }

    @Test func databaseNodesGiveTheSameRootsAndProofsAsMemory() throws {
        let (store, reference) = try Self.filledStore(301)
        let tree = try MerkleTree(store: DatabaseMerkleNodes(store))
        #expect(tree.size == 301)
        #expect(tree.root == reference.root)
        for size in UInt64(0)...301 {
            #expect(try tree.root(atSize: size) == reference.root(atSize: size), "root at \(size)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let treeSize = UInt64.random(in: 1...301, using: &generator)
            let index = UInt64.random(in: 0..<treeSize, using: &generator)
            let proof = try tree.inclusionProof(index: index, treeSize: treeSize)
            #expect(proof == (try reference.inclusionProof(index: index, treeSize: treeSize)))
            #expect(try store.inclusionProof(index: index, treeSize: treeSize) == proof)
            let leaf = try #require(try store.merkleNode(level: 0, index: index))
            #expect(
                Merkle.verifyInclusion(
                    leafHash: leaf, index: index, treeSize: treeSize, proof: proof,
                    root: try reference.root(atSize: treeSize)))

            let oldSize = UInt64.random(in: 0...treeSize, using: &generator)
            let consistency = try tree.consistencyProof(oldSize: oldSize, newSize: treeSize)
            #expect(consistency == (try reference.consistencyProof(oldSize: oldSize, newSize: treeSize)))
            #expect(try store.consistencyProof(oldSize: oldSize, newSize: treeSize) == consistency)
        }
    }

    @Test func proofRequestsBeyondTheJournalAreLogErrors() throws {
        let (store, _) = try Self.filledStore(10)
        #expect(throws: LogError.self) { try store.inclusionProof(index: 3, treeSize: 11) }
        #expect(throws: LogError.self) { try store.inclusionProof(index: 10, treeSize: 10) }
        #expect(throws: LogError.self) { try store.consistencyProof(oldSize: 5, newSize: 11) }
        #expect(throws: LogError.self) { try store.consistencyProof(oldSize: 6, newSize: 5) }
        #expect(try store.merkleNode(level: 0, index: 10) == nil)
        #expect(try store.merkleNode(level: 64, index: 0) == nil)
        #expect(try store.merkleNode(level: 3, index: 1) == nil, "leaves 8…15 are not all there")
        #expect(try store.merkleNode(level: 3, index: 0) != nil)
    }

    @Test func databaseNodesAreReadOnly() throws {
        let (store, _) = try Self.filledStore(4)
        var tree = try MerkleTree(store: DatabaseMerkleNodes(store))
        #expect(throws: LogError.self) { try tree.append(leafHash: [UInt8](repeating: 1, count: 32)) }
        #expect(tree.size == 4)
    }

    /// The writer's cycle: a tree over BufferedMerkleNodes, drain into the batch, commit; discard and
    /// reopen after a failed commit.
    @Test func bufferedNodesFeedTheCommitBatch() throws {
        let store = try SQLiteLedgerStore.temporary()
        let nodes = BufferedMerkleNodes(store)
        var tree = try MerkleTree(store: nodes)
        var reference = InMemoryMerkleTree()
        var ledger = TestLedger()
        for round in 0..<6 {
            for i in 0..<(round * 3 + 1) {
                ledger.note("round \(round) entry \(i)")
                let leaf = ledger.pending.entries.last!.leafHash
                try tree.append(leafHash: leaf)
                try reference.append(leafHash: leaf)
            }
            #expect(try tree.root(atSize: tree.size) == reference.root)
            var batch = ledger.takeBatch()
            batch.merkleNodes = nodes.drain()
            try store.commit(batch)
            #expect(nodes.drain().isEmpty)
        }
        #expect(try nodes.leafCount() == store.journalSize())
        #expect(try MerkleTree(store: DatabaseMerkleNodes(store)).root == reference.root)

        // A failed commit: the writer discards and reopens; the tree is back at the stored size.
        ledger.note("lost")
        try tree.append(leafHash: ledger.pending.entries.last!.leafHash)
        var lost = ledger.takeBatch()
        lost.merkleNodes = nodes.drain()
        lost.entries[0] = CommittedEntry(entry: lost.entries[0].entry, leafHash: [1], outcome: Outcome())
        lost.merkleNodes.removeAll { $0.level == 0 }
        #expect(throws: StoreError.self) { try store.commit(lost) }
        nodes.discard()
        tree = try MerkleTree(store: nodes)
        #expect(tree.size == (try store.journalSize()))
        #expect(tree.root == reference.root)
        #expect(throws: LogError.self) { try tree.append(leafHash: [UInt8](repeating: 0, count: 31)) }
    }

    @Test func bufferedNodesRefuseOutOfOrderLeaves() throws {
        let (store, _) = try Self.filledStore(3)
        let nodes = BufferedMerkleNodes(store)
        let hash = [UInt8](repeating: 9, count: 32)
        #expect(throws: StoreError.self) { try nodes.append(leafIndex: 2, frozenNodes: [hash]) }
        #expect(throws: StoreError.self) { try nodes.append(leafIndex: 3, frozenNodes: [hash]) }  // freezes 3 nodes
        try nodes.append(leafIndex: 3, frozenNodes: [hash, hash, hash])
        #expect(try nodes.leafCount() == 4)
        #expect(try nodes.node(level: 2, index: 0) == hash)
        #expect(try nodes.node(level: 0, index: 0) == store.merkleNode(level: 0, index: 0))
        nodes.discard()
        #expect(try nodes.leafCount() == 3)
        #expect(try nodes.node(level: 2, index: 0) == nil)
    }
}
