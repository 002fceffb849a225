import HelioLog
import HelioStore
import Testing

@Suite struct CheckpointStoreTests {
    static let origin = Checkpoint.origin(registry: "helio.test/registry", chainID: 7317)

    static func signed(_ tree: InMemoryMerkleTree, size: UInt64, time: Int64) throws -> SignedCheckpoint {
        try Checkpoint(origin: origin, treeSize: size, rootHash: tree.root(atSize: size), timestamp: time)
            .signed(with: TestKey.registry)
    }

    @Test func checkpointsRoundTrip() throws {
        let (store, tree) = try MerkleStoreTests.filledStore(40)
        #expect(try store.checkpoints().isEmpty)
        #expect(try store.latestCheckpoint() == nil)
        let early = try Self.signed(tree, size: 17, time: 1_700_000_100)
        let empty = try Self.signed(tree, size: 0, time: 1_700_000_000)
        let latest = try Self.signed(tree, size: 40, time: 1_700_000_200)
        for checkpoint in [latest, early, empty] { try store.saveCheckpoint(checkpoint) }

        #expect(try store.checkpoints() == [empty, early, latest])
        #expect(try store.latestCheckpoint() == latest)
        #expect(try store.latestCheckpoint()?.verify(expectedSigner: TestKey.registry.address) == true)

        // Idempotent per tree size: the first checkpoint of a size stays.
        try store.saveCheckpoint(early)
        try store.saveCheckpoint(try Self.signed(tree, size: 17, time: 1_700_000_999))
        #expect(try store.checkpoints() == [empty, early, latest])
    }

    @Test func checkpointsTheLogContradictsAreRefused() throws {
        let (store, tree) = try MerkleStoreTests.filledStore(12)
        let beyond = try Checkpoint(
            origin: Self.origin, treeSize: 13, rootHash: tree.root, timestamp: 1
        ).signed(with: TestKey.registry)
        expectStoreError(.constraint) { try store.saveCheckpoint(beyond) }
        let wrongRoot = try Checkpoint(
            origin: Self.origin, treeSize: 11, rootHash: tree.root, timestamp: 1
        ).signed(with: TestKey.registry)
        expectStoreError(.constraint) { try store.saveCheckpoint(wrongRoot) }
        #expect(try store.checkpoints().isEmpty)
    }
}
