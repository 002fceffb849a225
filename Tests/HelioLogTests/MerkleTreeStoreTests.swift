import HelioCrypto
import Testing

@testable import HelioLog

/// The tree over its store: reopening, the store contract, and the errors of bad requests.
struct MerkleTreeStoreTests {
    static func leaves(_ n: Int, seed: UInt64 = 7) -> [[UInt8]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in rng.bytes(32) }
    }

    @Test func reopeningAStoreGivesTheSameTree() throws {
        let leaves = Self.leaves(1000)
        for n in [0, 1, 2, 7, 8, 9, 500, 1000] {
            let tree = try makeTree(leafHashes: Array(leaves.prefix(n)))
            var reopened = try MerkleTree(store: tree.store)
            #expect(reopened.size == UInt64(n))
            #expect(reopened.root == tree.root)
            var continued = tree
            try continued.append(contentsOf: leaves[n...])
            try reopened.append(contentsOf: leaves[n...])
            #expect(reopened.root == continued.root)
            #expect(
                try reopened.inclusionProof(index: 3, treeSize: 999)
                    == continued.inclusionProof(index: 3, treeSize: 999))
        }
    }

    @Test func appendReturnsIndicesAndStoresLeaves() throws {
        var tree = InMemoryMerkleTree()
        for (i, leaf) in Self.leaves(20).enumerated() {
            #expect(try tree.append(leafHash: leaf) == UInt64(i))
            #expect(tree.store.node(level: 0, index: UInt64(i)) == leaf)
        }
        #expect(tree.store.leafCount() == 20)
        #expect(tree.store.node(level: 4, index: 0) != nil)  // leaves 0..<16 are complete
        #expect(tree.store.node(level: 4, index: 1) == nil)  // leaves 16..<32 are not
        #expect(tree.store.node(level: 2, index: 4) != nil)  // leaves 16..<20
        #expect(tree.store.node(level: 0, index: 20) == nil)
        #expect(tree.store.node(level: -1, index: 0) == nil)
    }

    @Test func requestsBeyondTheTreeAreTypedErrors() throws {
        let tree = try makeTree(leafHashes: Self.leaves(10))
        #expect(throws: LogError(.sizeBeyondTree, "tree size 11 is beyond the tree's 10 leaves")) {
            try tree.root(atSize: 11)
        }
        #expect(errorCode { try tree.inclusionProof(index: 10, treeSize: 10) } == .indexOutOfRange)
        #expect(errorCode { try tree.inclusionProof(index: 0, treeSize: 0) } == .indexOutOfRange)
        #expect(errorCode { try tree.inclusionProof(index: 0, treeSize: 11) } == .sizeBeyondTree)
        #expect(errorCode { try tree.consistencyProof(oldSize: 5, newSize: 4) } == .invalidSizes)
        #expect(errorCode { try tree.consistencyProof(oldSize: 5, newSize: 11) } == .sizeBeyondTree)
        #expect(try tree.consistencyProof(oldSize: 0, newSize: 10).isEmpty)
        #expect(try tree.consistencyProof(oldSize: 10, newSize: 10).isEmpty)
    }

    @Test func malformedHashesAreRefused() throws {
        var tree = InMemoryMerkleTree()
        #expect(errorCode { try tree.append(leafHash: [1, 2, 3]) } == .invalidHash)
        #expect(tree.size == 0)
        #expect(errorCode { try Merkle.root(leafHashes: [[UInt8](repeating: 0, count: 33)]) } == .invalidHash)
    }

    @Test func verifiersRejectMalformedInputWithoutTrapping() {
        let h = [UInt8](repeating: 7, count: 32)
        #expect(!Merkle.verifyInclusion(leafHash: h, index: 0, treeSize: 0, proof: [], root: h))
        #expect(Merkle.verifyInclusion(leafHash: h, index: 0, treeSize: 1, proof: [], root: h))
        #expect(!Merkle.verifyInclusion(leafHash: [1], index: 0, treeSize: 1, proof: [], root: [1]))
        #expect(!Merkle.verifyInclusion(leafHash: h, index: 0, treeSize: 2, proof: [[1]], root: h))
        #expect(!Merkle.verifyInclusion(leafHash: h, index: .max, treeSize: .max, proof: [], root: h))
        #expect(!Merkle.verifyConsistency(oldSize: 2, newSize: 1, oldRoot: h, newRoot: h, proof: []))
        #expect(Merkle.verifyConsistency(oldSize: 3, newSize: 3, oldRoot: h, newRoot: h, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 3, newSize: 3, oldRoot: h, newRoot: h, proof: [h]))
        #expect(Merkle.verifyConsistency(oldSize: 0, newSize: 3, oldRoot: Merkle.emptyRoot, newRoot: h, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 0, newSize: 3, oldRoot: h, newRoot: h, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 3, oldRoot: h, newRoot: h, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 3, oldRoot: [0], newRoot: h, proof: [h]))
    }

    @Test func inMemoryStoreRefusesOutOfOrderAppends() {
        var store = InMemoryMerkleNodeStore()
        let h = [UInt8](repeating: 1, count: 32)
        #expect(errorCode { try store.append(leafIndex: 1, frozenNodes: [h]) } == .storeInconsistent)
        #expect(errorCode { try store.append(leafIndex: 0, frozenNodes: [h, h]) } == .storeInconsistent)
        #expect(errorCode { try store.append(leafIndex: 0, frozenNodes: [[1]]) } == .storeInconsistent)
        #expect(store.leafCount() == 0)
    }

    /// A store that fails on demand, to show that a failed append leaves the tree unchanged.
    struct FlakyStore: MerkleNodeStore {
        struct Broken: Error {}
        var inner = InMemoryMerkleNodeStore()
        var failAppends = false
        var dropNodes = false

        func leafCount() throws -> UInt64 { inner.leafCount() }
        func node(level: Int, index: UInt64) throws -> [UInt8]? {
            dropNodes ? nil : inner.node(level: level, index: index)
        }
        mutating func append(leafIndex: UInt64, frozenNodes: [[UInt8]]) throws {
            if failAppends { throw Broken() }
            try inner.append(leafIndex: leafIndex, frozenNodes: frozenNodes)
        }
    }

    @Test func storeFailuresAreReportedAndLeaveTheTreeUnchanged() throws {
        let leaves = Self.leaves(5)
        var tree = try MerkleTree(store: FlakyStore())
        try tree.append(contentsOf: leaves.prefix(4))
        let root = tree.root
        var failing = tree.store
        failing.failAppends = true
        var broken = try MerkleTree(store: failing)
        #expect(errorCode { try broken.append(leafHash: leaves[4]) } == .storeFailure)
        #expect(broken.size == 4 && broken.root == root)

        var empty = tree.store
        empty.dropNodes = true
        #expect(errorCode { try MerkleTree(store: empty) } == .storeInconsistent)
    }
}

/// The code of the `LogError` that `body` throws, or nil when it throws nothing or something else.
func errorCode<T>(_ body: () throws -> T) -> LogError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as LogError {
        return error.code
    } catch {
        return nil
    }
}
