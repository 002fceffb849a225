import Foundation
import GRDB
import HelioCrypto
import HelioLedger
import HelioRegistry
import Testing

@testable import HelioStore

/// Blocks and the transaction-hash index (issue 6): a block per commit, chained by number, parent hash
/// and first entry; every refusal writes nothing; lookups by number, hash, entry and latest; each entry
/// indexed under its transaction hash with its status; `appendBlock` over entries committed without one;
/// and the database keeping both tables append-only.
@Suite struct BlockStoreTests {
    static let zeroHash = [UInt8](repeating: 0, count: 32)

    /// Three batches, each with the block that continues the previous one: entries 0–2 define a token and
    /// mint it; 3–5 are a signed transfer, an Ethereum transaction and one whose call failed (it lands);
    /// 6 is a note.
    static func chainedLedger() throws -> (TestLedger, [CommitBatch]) {
        var ledger = TestLedger()
        var batches: [CommitBatch] = []
        let (alice, bob) = (TestKey.alice.address, TestKey.bob.address)
        let go = try ledger.defineAsset()
        try ledger.run(TestKey.minter, .mint(go, to: alice, 1_000))
        try ledger.run(TestKey.minter, .mint(go, to: bob, 500))
        batches.append(ledger.takeBlockBatch(after: nil))
        try ledger.run(TestKey.alice, .transfer(go, to: bob, 250))
        try ledger.transact(alice, .transfer(go, to: bob, 10), raw: Self.raw(1))
        try ledger.transact(bob, .transfer(go, to: alice, 1_000_000), raw: Self.raw(2))  // lands failed
        batches.append(ledger.takeBlockBatch(after: batches[0].block))
        ledger.note("third block")
        batches.append(ledger.takeBlockBatch(after: batches[1].block))
        return (ledger, batches)
    }

    /// A stand-in for the raw bytes of a signed transaction: the store indexes keccak256 of them and
    /// never decodes them.
    static func raw(_ n: UInt8) -> [UInt8] { [0x02, 0xf8, n] + Array("signed transaction \(n)".utf8) }

    static func keccak(_ bytes: [UInt8]) -> [UInt8] { Keccak256.hash(bytes) }

    @Test func anEmptyStoreHasNoBlocks() throws {
        let store = try SQLiteLedgerStore.temporary()
        #expect(try store.latestBlock() == nil)
        #expect(try store.block(number: 0) == nil)
        #expect(try store.block(hash: Self.zeroHash) == nil)
        #expect(try store.block(containing: 0) == nil)
        #expect(try store.transaction(hash: Self.zeroHash) == nil)
    }

    @Test func commitsWithBlocksChainAndSurviveAReopen() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let (ledger, batches) = try Self.chainedLedger()
        let blocks = batches.map { $0.block! }
        do {
            let store = try SQLiteLedgerStore(path: directory.databasePath)
            for (i, batch) in batches.enumerated() {
                try store.commit(batch)
                #expect(try store.latestBlock() == blocks[i])
            }
        }
        let store = try SQLiteLedgerStore(path: directory.databasePath)
        #expect(try store.latestBlock() == blocks[2])
        #expect(blocks.map(\.number) == [0, 1, 2])
        #expect(blocks.map(\.firstEntry) == [0, 3, 6])
        #expect(blocks.map(\.entryCount) == [3, 3, 1])
        #expect(blocks[0].parentHash == Self.zeroHash)
        #expect(blocks[1].parentHash == blocks[0].hash)
        #expect(blocks[2].parentHash == blocks[1].hash)
        #expect(Set(blocks.map(\.hash)).count == 3)
        for (block, batch) in zip(blocks, batches) {
            #expect(block.time == batch.entries.last!.entry.time)
            #expect(block.logsBloom.count == 256)
            #expect(block.hash.count == 32)
        }
        #expect(blocks[2].logsBloom == [UInt8](repeating: 0, count: 256), "a note emits no log")
        #expect(blocks[0].logsBloom != [UInt8](repeating: 0, count: 256))
        #expect(try store.journalSize() == UInt64(ledger.produced.count))
        #expect(try store.loadState() == ledger.state)
    }

    @Test func lookupsByNumberHashEntryAndLatest() throws {
        let store = try SQLiteLedgerStore.temporary()
        let (ledger, batches) = try Self.chainedLedger()
        for batch in batches { try store.commit(batch) }
        let blocks = batches.map { $0.block! }
        for block in blocks {
            #expect(try store.block(number: block.number) == block)
            #expect(try store.block(hash: block.hash) == block)
        }
        #expect(try store.latestBlock() == blocks[2])
        for committed in ledger.produced {
            let index = committed.entry.index
            let expected = blocks.first { $0.firstEntry <= index && index < $0.endEntry }
            #expect(try store.block(containing: index) == expected, "entry \(index)")
            #expect(expected != nil)
        }
        #expect(try store.block(containing: UInt64(ledger.produced.count)) == nil, "beyond the journal")
        #expect(try store.block(containing: .max) == nil)
        #expect(try store.block(number: 3) == nil)
        #expect(try store.block(number: .max) == nil)
        #expect(try store.block(hash: Self.keccak(Array("no such block".utf8))) == nil)
        #expect(try store.block(hash: Array(blocks[0].hash.dropLast())) == nil)
    }

    @Test func theTransactionIndexNamesEveryEntryWithItsStatus() throws {
        let store = try SQLiteLedgerStore.temporary()
        let (ledger, batches) = try Self.chainedLedger()
        for batch in batches { try store.commit(batch) }
        for committed in ledger.produced {
            let entry = committed.entry
            let hash = entry.transactionHash(leafHash: committed.leafHash)
            let location = try store.transaction(hash: hash)
            #expect(location?.entryIndex == entry.index, "entry \(entry.index)")
            #expect(location?.succeeded == (committed.outcome.failure == nil), "entry \(entry.index)")
        }
        // Ethereum transactions go by keccak256 of their raw bytes, not by their leaf hash.
        let sent = ledger.produced[4]
        #expect(sent.entry.kind == JournalEntry.ethereumTransactionKind)
        #expect(
            try store.transaction(hash: Self.keccak(Self.raw(1))) == TransactionLocation(entryIndex: 4, succeeded: true)
        )
        #expect(try store.transaction(hash: sent.leafHash) == nil)
        // The failed call landed: its entry is indexed with status 0.
        let failed = ledger.produced[5]
        #expect(failed.outcome.failure?.code == .insufficientBalance)
        #expect(
            try store.transaction(hash: Self.keccak(Self.raw(2)))
                == TransactionLocation(entryIndex: 5, succeeded: false))
        // Native entries go by their leaf hash.
        #expect(
            try store.transaction(hash: ledger.produced[3].leafHash)
                == TransactionLocation(entryIndex: 3, succeeded: true))
        #expect(try store.transaction(hash: Self.keccak(Self.raw(3))) == nil)
        #expect(try store.transaction(hash: Array(Self.keccak(Self.raw(1)).prefix(31))) == nil)
        #expect(try store.transaction(hash: []) == nil)
    }

    // MARK: refusals

    @Test func aBlockThatDoesNotContinueTheChainWritesNothing() throws {
        let store = try SQLiteLedgerStore.temporary()
        let (_, batches) = try Self.chainedLedger()
        try store.commit(batches[0])
        let good = batches[1]
        let block = good.block!
        let leaves = good.entries.map(\.leafHash)
        let events = good.entries.flatMap(\.outcome.events)
        func variant(number: UInt64? = nil, parent: [UInt8]? = nil) -> CommitBatch {
            var batch = good
            batch.block = BlockBuilder.block(
                number: number ?? block.number, parent: parent ?? block.parentHash, firstEntry: block.firstEntry,
                time: block.time, leafHashes: leaves, events: events)
            return batch
        }
        let refused: [(String, CommitBatch)] = [
            ("number 2 after 0", variant(number: 2)),
            ("number 0 again", variant(number: 0)),
            ("a wrong parent", variant(parent: Self.keccak([1]))),
            ("the genesis parent", variant(parent: Self.zeroHash)),
            ("its own hash as parent", variant(parent: block.hash)),
        ]
        for (what, batch) in refused {
            expectStoreError(.outOfOrder) { try store.commit(batch) }
            try Self.expectNothingWritten(store, beyond: batches[0], of: good, what)
        }
        try store.commit(good)
        #expect(try store.latestBlock() == block)
    }

    @Test func aBlockThatDoesNotMatchItsBatchWritesNothing() throws {
        let store = try SQLiteLedgerStore.temporary()
        let (_, batches) = try Self.chainedLedger()
        try store.commit(batches[0])
        let good = batches[1]
        let block = good.block!
        func covering(first: UInt64, count: UInt64) -> CommitBatch {
            var batch = good
            batch.block = BlockRecord(
                number: block.number, hash: block.hash, parentHash: block.parentHash, firstEntry: first,
                entryCount: count, time: block.time, logsBloom: block.logsBloom)
            return batch
        }
        let refused: [(String, CommitBatch)] = [
            ("one entry short", covering(first: block.firstEntry, count: block.entryCount - 1)),
            ("one entry too many", covering(first: block.firstEntry, count: block.entryCount + 1)),
            ("starting one entry early", covering(first: block.firstEntry - 1, count: block.entryCount + 1)),
            ("starting one entry late", covering(first: block.firstEntry + 1, count: block.entryCount - 1)),
        ]
        for (what, batch) in refused {
            expectStoreError(.constraint) { try store.commit(batch) }
            try Self.expectNothingWritten(store, beyond: batches[0], of: good, what)
        }
        // A bloom of the wrong size breaks the schema's CHECK: rolled back too.
        var badBloom = good
        badBloom.block = BlockRecord(
            number: block.number, hash: block.hash, parentHash: block.parentHash, firstEntry: block.firstEntry,
            entryCount: block.entryCount, time: block.time, logsBloom: [0])
        expectStoreError(.constraint) { try store.commit(badBloom) }
        try Self.expectNothingWritten(store, beyond: batches[0], of: good, "a 1-byte bloom")
        // A block hash already used by another block (UNIQUE).
        var reused = good
        reused.block = BlockRecord(
            number: block.number, hash: batches[0].block!.hash, parentHash: block.parentHash,
            firstEntry: block.firstEntry, entryCount: block.entryCount, time: block.time, logsBloom: block.logsBloom)
        expectStoreError(.constraint) { try store.commit(reused) }
        try Self.expectNothingWritten(store, beyond: batches[0], of: good, "a reused hash")
        try store.commit(good)
    }

    @Test func aGapInTheBlocksIsRefused() throws {
        // A batch committed without a block leaves entries no block covers: the next block must start where
        // the last block ended, so it cannot skip them.
        let store = try SQLiteLedgerStore.temporary()
        let (_, batches) = try Self.chainedLedger()
        try store.commit(batches[0])
        var blockless = batches[1]
        blockless.block = nil
        try store.commit(blockless)
        #expect(try store.latestBlock() == batches[0].block)
        #expect(try store.block(containing: 3) == nil)

        let skipping = CommitBatch(
            entries: batches[2].entries, merkleNodes: batches[2].merkleNodes,
            block: BlockBuilder.block(
                number: 1, parent: batches[0].block!.hash, firstEntry: 6, time: 0,
                leafHashes: batches[2].entries.map(\.leafHash), events: []))
        expectStoreError(.outOfOrder) { try store.commit(skipping) }
        #expect(try store.journalSize() == 6)
        #expect(try store.latestBlock() == batches[0].block)
        #expect(try store.block(containing: 6) == nil)

        // Closing the gap with appendBlock lets the chain go on.
        try store.appendBlock(batches[1].block!)
        try store.commit(batches[2])
        #expect(try store.latestBlock() == batches[2].block)
    }

    /// Nothing of `batch` (refused after `committed`) reached the store.
    static func expectNothingWritten(
        _ store: SQLiteLedgerStore, beyond committed: CommitBatch, of batch: CommitBatch, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let size = UInt64(committed.entries.count)
        #expect(try store.journalSize() == size, "\(what)", sourceLocation: sourceLocation)
        #expect(try store.latestBlock() == committed.block, "\(what)", sourceLocation: sourceLocation)
        #expect(try store.block(number: committed.block!.number + 1) == nil, "\(what)", sourceLocation: sourceLocation)
        #expect(try store.events(from: size, to: size + 100).isEmpty, "\(what)", sourceLocation: sourceLocation)
        for entry in batch.entries {
            let hash = entry.entry.transactionHash(leafHash: entry.leafHash)
            #expect(try store.transaction(hash: hash) == nil, "\(what)", sourceLocation: sourceLocation)
        }
    }

    // MARK: appendBlock

    @Test func appendBlockCoversEntriesCommittedWithoutABlock() throws {
        let store = try SQLiteLedgerStore.temporary()
        let (ledger, batches) = try Self.chainedLedger()
        for batch in batches.prefix(2) {
            var blockless = batch
            blockless.block = nil
            try store.commit(blockless)
        }
        #expect(try store.latestBlock() == nil)
        let first = Array(ledger.produced.prefix(6))
        let block = BlockBuilder.block(
            number: 0, parent: BlockBuilder.genesisParent, firstEntry: 0, time: first.last!.entry.time,
            leafHashes: first.map(\.leafHash), events: first.flatMap(\.outcome.events))

        // Refused: beyond the journal, not continuing the (empty) chain, empty.
        let beyond = BlockBuilder.block(
            number: 0, parent: BlockBuilder.genesisParent, firstEntry: 0, time: 0,
            leafHashes: first.map(\.leafHash) + [Self.zeroHash], events: [])
        expectStoreError(.constraint) { try store.appendBlock(beyond) }
        let notFirst = BlockBuilder.block(
            number: 1, parent: BlockBuilder.genesisParent, firstEntry: 0, time: 0, leafHashes: [Self.zeroHash],
            events: [])
        expectStoreError(.outOfOrder) { try store.appendBlock(notFirst) }
        let lateStart = BlockBuilder.block(
            number: 0, parent: BlockBuilder.genesisParent, firstEntry: 1, time: 0, leafHashes: [Self.zeroHash],
            events: [])
        expectStoreError(.outOfOrder) { try store.appendBlock(lateStart) }
        let empty = BlockBuilder.block(
            number: 0, parent: BlockBuilder.genesisParent, firstEntry: 0, time: 0, leafHashes: [], events: [])
        expectStoreError(.constraint) { try store.appendBlock(empty) }
        #expect(try store.latestBlock() == nil)

        try store.appendBlock(block)
        #expect(try store.latestBlock() == block)
        expectStoreError(.outOfOrder) { try store.appendBlock(block) }  // twice
        for committed in first {
            #expect(try store.block(containing: committed.entry.index) == block)
            let hash = committed.entry.transactionHash(leafHash: committed.leafHash)
            // The rows the commits wrote stay as they were: the failed call keeps status 0.
            #expect(
                try store.transaction(hash: hash)
                    == TransactionLocation(
                        entryIndex: committed.entry.index, succeeded: committed.outcome.failure == nil))
        }
        // The chain goes on through commit.
        var third = batches[2]
        third.block = BlockBuilder.block(
            number: 1, parent: block.hash, firstEntry: 6, time: third.entries[0].entry.time,
            leafHashes: third.entries.map(\.leafHash), events: [])
        try store.commit(third)
        #expect(try store.latestBlock()?.parentHash == block.hash)
        #expect(try store.block(containing: 6)?.number == 1)
    }

    @Test func appendBlockIndexesEntriesWrittenBeforeTheIndexExisted() throws {
        // A store migrated to v3 has journal entries without `transactions` rows: appendBlock adds them,
        // named by leaf hash (those are native entries) with status 1.
        let store = try SQLiteLedgerStore.temporary()
        var ledger = TestLedger()
        for i in 0..<3 { ledger.note("old entry \(i)") }
        try store.commit(ledger.takeBatch())
        try store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER transactions_no_delete")
            try db.execute(sql: "DELETE FROM transactions")
        }
        #expect(try store.transaction(hash: ledger.produced[0].leafHash) == nil)
        try store.appendBlock(
            BlockBuilder.block(
                number: 0, parent: BlockBuilder.genesisParent, firstEntry: 0, time: TestLedger.genesisTime,
                leafHashes: ledger.produced.map(\.leafHash), events: []))
        for committed in ledger.produced {
            #expect(
                try store.transaction(hash: committed.leafHash)
                    == TransactionLocation(entryIndex: committed.entry.index, succeeded: true))
        }
    }

    // MARK: append-only

    @Test func blocksAndTransactionsRefuseUpdateAndDelete() throws {
        let store = try SQLiteLedgerStore.temporary()
        let (_, batches) = try Self.chainedLedger()
        for batch in batches { try store.commit(batch) }
        let count = { (table: String) in
            try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
        }
        let (blocksBefore, transactionsBefore) = (try count("blocks"), try count("transactions"))
        #expect(blocksBefore == 3)
        #expect(transactionsBefore == 7)
        let blocksRow = "INSERT INTO blocks (number, hash, parent_hash, first_seq, entry_count, time, logs_bloom) "
        let (appendOnlyBlocks, appendOnlyTransactions) = ("blocks are append-only", "transactions are append-only")
        for (sql, reason) in [
            ("UPDATE blocks SET time = 0", appendOnlyBlocks),
            ("UPDATE blocks SET hash = zeroblob(32) WHERE number = 2", appendOnlyBlocks),
            ("DELETE FROM blocks WHERE number = 2", appendOnlyBlocks),
            ("DELETE FROM blocks", appendOnlyBlocks),
            // REPLACE deletes the old row: refused because recursive_triggers fires blocks_no_delete.
            (
                "INSERT OR REPLACE INTO blocks (number, hash, parent_hash, first_seq, entry_count, time, logs_bloom) "
                    + "VALUES (2, zeroblob(32), zeroblob(32), 6, 1, 0, zeroblob(256))", appendOnlyBlocks
            ),
            ("UPDATE transactions SET status = 1 - status", appendOnlyTransactions),
            ("DELETE FROM transactions WHERE seq = 5", appendOnlyTransactions),
            ("DELETE FROM transactions", appendOnlyTransactions),
            (
                "INSERT OR REPLACE INTO transactions (hash, seq, status) SELECT hash, seq, 1 FROM transactions",
                appendOnlyTransactions
            ),
            // The schema's checks.
            ("INSERT INTO transactions (hash, seq, status) VALUES (zeroblob(32), 0, 2)", "CHECK constraint failed"),
            ("INSERT INTO transactions (hash, seq, status) VALUES (zeroblob(31), 0, 1)", "CHECK constraint failed"),
            (blocksRow + "VALUES (3, zeroblob(32), zeroblob(32), 4, 1, 0, zeroblob(255))", "CHECK constraint failed"),
            (blocksRow + "VALUES (3, zeroblob(32), zeroblob(32), 4, 0, 0, zeroblob(256))", "CHECK constraint failed"),
            (blocksRow + "VALUES (3, zeroblob(32), zeroblob(32), 0, 1, 0, zeroblob(256))", "UNIQUE constraint failed"),
            // first_seq must name a journal entry (a deferred foreign key, checked at commit).
            (
                blocksRow + "VALUES (3, zeroblob(32), zeroblob(32), 99, 1, 0, zeroblob(256))",
                "FOREIGN KEY constraint failed"
            ),
        ] {
            do {
                try store.pool.write { db in try db.execute(sql: sql) }
                Issue.record("not refused: \(sql)")
            } catch let error as DatabaseError {
                #expect(error.message?.contains(reason) == true, "\(sql): \(error)")
            }
        }
        #expect(try count("blocks") == blocksBefore)
        #expect(try count("transactions") == transactionsBefore)
        for batch in batches { #expect(try store.block(number: batch.block!.number) == batch.block) }
        #expect(try store.transaction(hash: Self.keccak(Self.raw(2)))?.succeeded == false)
    }
}

extension TestLedger {
    /// Hands out the pending batch with the block that continues `previous` (what the writer commits).
    mutating func takeBlockBatch(after previous: BlockRecord?) -> CommitBatch {
        var batch = takeBatch()
        batch.block = BlockBuilder.block(
            number: previous.map { $0.number + 1 } ?? 0, parent: previous?.hash ?? BlockBuilder.genesisParent,
            firstEntry: batch.entries[0].entry.index, time: batch.entries[batch.entries.count - 1].entry.time,
            leafHashes: batch.entries.map(\.leafHash), events: batch.entries.flatMap(\.outcome.events))
        return batch
    }

    /// Runs `command` by `author` as an Ethereum transaction lands (`LedgerState.execute`: a failed call
    /// lands with only its nonce used) and journals it as an "EthereumTransaction" entry holding `raw`.
    @discardableResult
    mutating func transact(_ author: Address, _ command: Command, raw: [UInt8]) throws -> Outcome {
        let index = nextIndex
        let time = Self.genesisTime + Int64(index)
        let outcome = try state.execute(
            AuthenticatedCommand(author: author, nonce: state.nonce(author), command: command),
            context: EntryContext(index: index, time: time))
        add(
            JournalEntry(
                index: index, time: time, kind: JournalEntry.ethereumTransactionKind, author: author, payload: raw),
            outcome: outcome)
        return outcome
    }
}
