import HelioCrypto
import HelioLedger
import HelioStore
import Testing

@Suite struct ConcurrencyTests {
    static let batchSize = 25
    static let batches = 16

    /// Batches of transfers back and forth; every batch moves each nonce it touches. A reader that saw
    /// part of a batch would see a nonce total that is not a multiple of the batch size, a journal size
    /// that is not, or an event count that does not match the journal.
    static func transferBatches() throws -> (setup: CommitBatch, batches: [CommitBatch], final: LedgerState) {
        var ledger = TestLedger()
        let go = try ledger.defineAsset()
        try ledger.run(TestKey.minter, .mint(go, to: TestKey.alice.address, 1_000_000))
        try ledger.run(TestKey.minter, .mint(go, to: TestKey.bob.address, 1_000_000))
        for _ in 0..<(batchSize - 3) { try ledger.run(TestKey.issuer, .approve(go, spender: TestKey.carol.address, 1)) }
        let setup = ledger.takeBatch()
        var batches: [CommitBatch] = []
        for b in 0..<Self.batches {
            for i in 0..<batchSize {
                let (from, to) = (i + b) % 2 == 0 ? (TestKey.alice, TestKey.bob) : (TestKey.bob, TestKey.alice)
                try ledger.run(from, .transfer(go, to: to.address, UInt256(UInt64(i + 1))))
            }
            batches.append(ledger.takeBatch())
        }
        return (setup, batches, ledger.state)
    }

    @Test func readsDuringCommitsSeeWholeBatches() async throws {
        let store = try SQLiteLedgerStore.temporary()
        let (setup, batches, final) = try Self.transferBatches()
        try store.commit(setup)
        let batchSize = UInt64(Self.batchSize)
        let total = UInt64(Self.batchSize * (Self.batches + 1))

        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for batch in batches { try store.commit(batch) }
                return 0
            }
            for _ in 0..<2 {
                group.addTask {
                    var observed = 0
                    while true {
                        let state = try store.loadState()
                        let nonces = state.nonces.values.reduce(0, +)
                        #expect(nonces % batchSize == 0, "a reader saw part of a batch: \(nonces) nonces")
                        let balances = state.balances.values.reduce(UInt256.zero) { $0.adding($1)! }
                        #expect(balances == state.assets.values.first?.totalSupply)
                        let size = try store.journalSize()
                        #expect(size % batchSize == 0, "a reader saw part of a batch: journal size \(size)")
                        observed += 1
                        if size == total { return observed }
                    }
                }
            }
            for try await _ in group {}
        }
        #expect(try store.loadState() == final)
        #expect(try store.journalSize() == total)
    }
}
