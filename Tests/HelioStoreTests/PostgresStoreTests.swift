import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore
import Testing

/// The PostgreSQL store against a real server (Scripts/test.sh starts a throw-away cluster on 127.0.0.1
/// and sets HELIO_TEST_POSTGRES): the same contract as SQLite's, and what sharing one database between
/// nodes needs — a stale writer's batch is refused whole, history rows cannot be rewritten.
@Suite struct PostgresStoreTests {
    static func freshStore() throws -> PostgresLedgerStore {
        guard let server = ProcessInfo.processInfo.environment["HELIO_TEST_POSTGRES"], !server.isEmpty else {
            throw StoreError(.io, "HELIO_TEST_POSTGRES is not set: run the tests through Scripts/test.sh")
        }
        let name = "store_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try PostgresLedgerStore(url: try PostgresLedgerStore.createDatabase(serverURL: server, name: name))
    }

    @Test func commitThenReopenGivesTheSameStateAsSQLite() throws {
        let store = try Self.freshStore()
        let (ledger, batches) = try CommitTests.busyLedger()
        for batch in batches { try store.commit(batch) }
        let reopened = try PostgresLedgerStore(url: store.location)
        let (state, size) = try reopened.loadSnapshot()
        #expect(state == ledger.state)
        #expect(state.digest == ledger.state.digest)
        #expect(size == UInt64(ledger.produced.count))
        #expect(try reopened.entries(from: 0, limit: 1_000).map(\.entry) == ledger.produced.map(\.entry))
        var expectedEvents: [StoredEvent] = []
        for committed in ledger.produced {
            for (position, event) in committed.outcome.events.enumerated() {
                expectedEvents.append(StoredEvent(entryIndex: committed.entry.index, position: position, event: event))
            }
        }
        #expect(try reopened.events(from: 0, to: size) == expectedEvents)
    }

    /// Two nodes that both saw size n and both try to append entry n: the first wins, the second's batch
    /// is refused whole with `.outOfOrder` (the journal head moved), and nothing of it is stored.
    @Test func aStaleWriterIsRefusedWhole() throws {
        let first = try Self.freshStore()
        let second = try PostgresLedgerStore(url: first.location)
        let (_, batches) = try CommitTests.busyLedger()
        try first.commit(batches[0])
        var rival = TestLedger()
        let asset = try rival.defineAsset()
        try rival.run(TestKey.minter, .mint(asset, to: TestKey.carol.address, 7))
        let stale = rival.takeBatch()
        #expect(stale.entries.first?.entry.index == 0)
        expectStoreError(.outOfOrder) { try second.commit(stale) }
        #expect(try second.journalSize() == UInt64(batches[0].entries.count))
        #expect(try second.entries(from: 0, limit: 100).map(\.entry) == batches[0].entries.map(\.entry))
        #expect(try second.loadState() == (try first.loadState()))
    }

    @Test func theWriteLeaseIsExclusiveAndFreedWithItsSession() throws {
        let a = try Self.freshStore()
        let b = try PostgresLedgerStore(url: a.location)
        try a.acquireWriteLease()
        let acquired = ManagedFlag()
        let waiter = Thread {
            try? b.acquireWriteLease()
            acquired.set()
        }
        waiter.start()
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!acquired.isSet, "a second node must wait while the first holds the lease")
        try a.releaseWriteLease()
        for _ in 0..<50 where !acquired.isSet { Thread.sleep(forTimeInterval: 0.1) }
        #expect(acquired.isSet, "released: the waiting node gets the lease")
        try b.releaseWriteLease()
    }
}

/// A flag set from another thread.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
