import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore
import Testing

@Suite struct CommitTests {
    /// Every command kind, including changes that delete rows (a balance and an allowance back to zero).
    static func busyLedger() throws -> (TestLedger, [CommitBatch]) {
        var ledger = TestLedger()
        var batches: [CommitBatch] = []
        let (alice, bob, carol) = (TestKey.alice.address, TestKey.bob.address, TestKey.carol.address)
        let go = try ledger.defineAsset()
        try ledger.run(TestKey.minter, .mint(go, to: alice, 1_000))
        try ledger.run(TestKey.minter, .mint(go, to: bob, 500))
        batches.append(ledger.takeBatch())
        try ledger.run(TestKey.alice, .transfer(go, to: carol, 250))
        try ledger.run(TestKey.alice, .approve(go, spender: bob, 300))
        try ledger.run(TestKey.bob, .transferFrom(go, from: alice, to: bob, 100))
        try ledger.run(TestKey.bob, .approve(go, spender: carol, .max))
        batches.append(ledger.takeBatch())
        try ledger.run(TestKey.carol, .transfer(go, to: alice, 250))  // carol's balance row goes away
        try ledger.run(TestKey.alice, .approve(go, spender: bob, 0))  // the allowance row goes away
        try ledger.run(TestKey.bob, .burn(go, 50))
        let second = try ledger.defineAsset()
        try ledger.run(TestKey.issuer, .mint(second, to: carol, UInt256.max))
        batches.append(ledger.takeBatch())
        return (ledger, batches)
    }

    @Test func commitThenReopenGivesTheSameState() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let (ledger, batches) = try Self.busyLedger()
        do {
            let store = try SQLiteLedgerStore(path: directory.databasePath)
            for batch in batches { try store.commit(batch) }
            #expect(try store.loadState() == ledger.state)
        }
        let store = try SQLiteLedgerStore(path: directory.databasePath)
        let state = try store.loadState()
        #expect(state == ledger.state)
        #expect(state.digest == ledger.state.digest)
        #expect(state.balances.count == 3, "carol's first balance went back to zero and was deleted")
        #expect(state.allowances.count == 1, "alice's allowance for bob was set back to zero and deleted")

        let size = UInt64(ledger.produced.count)
        #expect(try store.journalSize() == size)
        let stored = try store.entries(from: 0, limit: 1_000)
        #expect(stored.map(\.entry) == ledger.produced.map(\.entry))
        #expect(stored.map(\.leafHash) == ledger.produced.map(\.leafHash))
        #expect(try store.entries(from: 3, limit: 2).map(\.entry.index) == [3, 4])
        #expect(try store.entries(from: size, limit: 10).isEmpty)
        for entry in stored {
            #expect(Merkle.leafHash(entry.entry.entryBytes) == entry.leafHash)
            _ = try entry.entry.signedCommand()
        }

        var expectedEvents: [StoredEvent] = []
        for committed in ledger.produced {
            for (position, event) in committed.outcome.events.enumerated() {
                expectedEvents.append(StoredEvent(entryIndex: committed.entry.index, position: position, event: event))
            }
        }
        #expect(try store.events(from: 0, to: size) == expectedEvents)
        #expect(try store.events(from: 4, to: 6) == expectedEvents.filter { (4..<6).contains($0.entryIndex) })
        #expect(try store.events(from: 5, to: 5).isEmpty)
    }

    /// One batch that touches the same rows again and again (the store writes each row's last value):
    /// created and deleted, deleted and re-created, the supply on every mint, 40+ nonces of one author.
    /// The result must equal the state of applying every change in order, and committing the entries one
    /// by one.
    @Test func aBusyBatchEqualsItsEntriesOneByOne() throws {
        var ledger = TestLedger()
        let (alice, bob, carol) = (TestKey.alice.address, TestKey.bob.address, TestKey.carol.address)
        let go = try ledger.defineAsset()
        try ledger.run(TestKey.minter, .mint(go, to: alice, 100))
        try ledger.run(TestKey.alice, .transfer(go, to: bob, 100))  // alice's new row is gone again
        try ledger.run(TestKey.bob, .transfer(go, to: alice, 40))  // and back
        try ledger.run(TestKey.alice, .approve(go, spender: carol, 10))
        try ledger.run(TestKey.alice, .approve(go, spender: carol, 0))  // created and deleted
        try ledger.run(TestKey.bob, .approve(go, spender: carol, 7))
        for i in 0..<41 { try ledger.run(TestKey.minter, .mint(go, to: i % 2 == 0 ? carol : bob, 1)) }
        try ledger.run(TestKey.carol, .transferFrom(go, from: bob, to: carol, 7))  // the allowance is spent
        try ledger.run(TestKey.carol, .burn(go, 10))
        let batch = ledger.takeBatch()

        let together = try SQLiteLedgerStore.temporary()
        try together.commit(batch)
        #expect(try together.loadState() == ledger.state)

        let oneByOne = try SQLiteLedgerStore.temporary()
        for committed in batch.entries {
            let index = committed.entry.index
            let nodes = batch.merkleNodes.filter { ($0.index + 1) << UInt64($0.level) - 1 == index }
            try oneByOne.commit(CommitBatch(entries: [committed], merkleNodes: nodes))
        }
        #expect(try oneByOne.loadState() == ledger.state)
        #expect(try oneByOne.loadState().digest == together.loadState().digest)
        #expect(try together.events(from: 0, to: 100) == oneByOne.events(from: 0, to: 100))
        #expect(ledger.state.allowances.isEmpty)
        #expect(ledger.state.nonce(TestKey.minter.address) == 42)
    }

    @Test func outOfOrderCommitThrowsAndWritesNothing() throws {
        let store = try SQLiteLedgerStore.temporary()
        var ledger = TestLedger()
        ledger.note("first")
        let first = ledger.takeBatch()
        ledger.note("second")
        let second = ledger.takeBatch()

        expectStoreError(.outOfOrder) { try store.commit(second) }  // a gap: index 1 into an empty journal
        #expect(try store.journalSize() == 0)
        try store.commit(first)
        expectStoreError(.outOfOrder) { try store.commit(first) }  // a replay of index 0
        try store.commit(second)
        #expect(try store.journalSize() == 2)

        var shuffled = TestLedger()
        for i in 0..<4 { shuffled.note("n\(i)") }
        var batch = shuffled.takeBatch()
        batch.entries.swapAt(1, 2)
        let fresh = try SQLiteLedgerStore.temporary()
        expectStoreError(.outOfOrder) { try fresh.commit(batch) }
        #expect(try fresh.journalSize() == 0)
    }

    @Test func aBatchFailingMidwayWritesNothing() throws {
        let store = try SQLiteLedgerStore.temporary()
        let (ledger, batches) = try Self.busyLedger()
        try store.commit(batches[0])
        let stateBefore = try store.loadState()
        let sizeBefore = try store.journalSize()

        // The third entry's leaf hash breaks CHECK(length(leaf_hash) = 32) after two entries were written.
        var broken = batches[1]
        let victim = broken.entries[2]
        broken.entries[2] = CommittedEntry(
            entry: victim.entry, leafHash: Array(victim.leafHash.dropLast()), outcome: victim.outcome)
        broken.merkleNodes.removeAll { $0.level == 0 }
        expectStoreError(.constraint) { try store.commit(broken) }

        // A balance of an asset that does not exist breaks the foreign key, mid-batch.
        var orphan = batches[1]
        let unknown = AssetID(issuer: TestKey.bob.address, nonce: 99)
        var outcome = orphan.entries[3].outcome
        outcome.changes.insert(.balance(asset: unknown, account: TestKey.bob.address, amount: 1), at: 0)
        orphan.entries[3] = CommittedEntry(
            entry: orphan.entries[3].entry, leafHash: orphan.entries[3].leafHash, outcome: outcome)
        expectStoreError(.constraint) { try store.commit(orphan) }

        // A Merkle node missing from the batch.
        var incomplete = batches[1]
        incomplete.merkleNodes.removeAll { $0.level == 1 }
        expectStoreError(.constraint) { try store.commit(incomplete) }

        // A leaf node that is not the entry's leaf hash.
        var forgedLeaf = batches[1]
        let leafAt = forgedLeaf.merkleNodes.firstIndex { $0.level == 0 }!
        let leaf = forgedLeaf.merkleNodes[leafAt]
        forgedLeaf.merkleNodes[leafAt] = MerkleNode(level: 0, index: leaf.index, hash: [UInt8](repeating: 7, count: 32))
        expectStoreError(.constraint) { try store.commit(forgedLeaf) }

        #expect(try store.journalSize() == sizeBefore)
        #expect(try store.loadState() == stateBefore)
        #expect(try store.events(from: 0, to: 100).allSatisfy { $0.entryIndex < sizeBefore })
        #expect(try store.merkleNode(level: 1, index: sizeBefore / 2) == nil)

        // The intact batches still go in afterwards.
        try store.commit(batches[1])
        try store.commit(batches[2])
        #expect(try store.loadState() == ledger.state)
    }

    @Test func anEmptyBatchIsANoOp() throws {
        let store = try SQLiteLedgerStore.temporary()
        try store.commit(CommitBatch())
        #expect(try store.journalSize() == 0)
        expectStoreError(.constraint) {
            try store.commit(
                CommitBatch(merkleNodes: [MerkleNode(level: 0, index: 0, hash: [UInt8](repeating: 0, count: 32))]))
        }
    }
}
