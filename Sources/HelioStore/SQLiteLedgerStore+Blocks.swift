import Foundation
import GRDB
import HelioLedger

/// Blocks and the transaction-hash index (issue 6): see `BlockRecord` and the v3 schema.
extension SQLiteLedgerStore {
    public func latestBlock() throws -> BlockRecord? {
        try readBlock("read the latest block", where: "ORDER BY number DESC LIMIT 1", [])
    }

    public func block(number: UInt64) throws -> BlockRecord? {
        guard let n = Int64(exactly: number) else { return nil }
        return try readBlock("read block \(number)", where: "WHERE number = ?", [n])
    }

    public func block(hash: [UInt8]) throws -> BlockRecord? {
        try readBlock("read a block by hash", where: "WHERE hash = ?", [Data(hash)])
    }

    public func block(containing index: UInt64) throws -> BlockRecord? {
        guard let seq = Int64(exactly: index) else { return nil }
        let block = try readBlock(
            "find the block of entry \(index)", where: "WHERE first_seq <= ? ORDER BY first_seq DESC LIMIT 1", [seq])
        guard let block, index < block.endEntry else { return nil }
        return block
    }

    public func appendBlock(_ block: BlockRecord) throws {
        try withStoreErrors("append block \(block.number)") {
            try pool.write { db in
                guard block.endEntry <= (try Self.journalSize(db)) else {
                    throw StoreError(
                        .constraint, "block \(block.number) ends at entry \(block.endEntry), beyond the journal")
                }
                try Self.insertBlock(db, block)
                // Entries written before blocks existed have no transaction-hash rows yet.
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT seq, kind, payload, author, leaf_hash, time FROM journal WHERE seq >= ? AND seq < ?",
                    arguments: [Int64(block.firstEntry), Int64(block.endEntry)])
                for row in rows {
                    let entry = JournalEntry(
                        index: try Column.uint64(row[0], "entry index"), time: row[5], kind: row[1],
                        author: try Column.address(row[3], "entry author"), payload: Self.bytes(row, 2))
                    let hash = entry.transactionHash(leafHash: Self.bytes(row, 4))
                    // Entries of that age are native commands and readings: they never fail.
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO transactions (hash, seq, status) VALUES (?, ?, 1)",
                        arguments: [Data(hash), row[0] as Int64])
                }
            }
        }
    }

    public func transaction(hash: [UInt8]) throws -> TransactionLocation? {
        guard hash.count == 32 else { return nil }
        return try withStoreErrors("look up a transaction hash") {
            try pool.unsafeRead { db in
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT seq, status FROM transactions WHERE hash = ?"),
                    arguments: [Data(hash)])
                guard let row else { return nil }
                return TransactionLocation(
                    entryIndex: try Column.uint64(row[0], "transaction entry"), succeeded: (row[1] as Int64) == 1)
            }
        }
    }

    /// Inserts a block after checking it continues the chain: number = last + 1 (0 first), parent hash =
    /// the last block's hash (32 zero bytes first), first entry = where the last block ended.
    static func insertBlock(_ db: Database, _ block: BlockRecord) throws {
        try block.checkContinues(try fetchBlock(db, where: "ORDER BY number DESC LIMIT 1", []))
        try db.execute(
            sql: """
                INSERT OR ROLLBACK INTO blocks (number, hash, parent_hash, first_seq, entry_count, time, logs_bloom)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                try Column.int64(block.number, "block number"), Data(block.hash), Data(block.parentHash),
                try Column.int64(block.firstEntry, "block first entry"),
                try Column.int64(block.entryCount, "block entry count"), block.time, Data(block.logsBloom),
            ])
    }

    private func readBlock(
        _ what: String, where clause: String, _ arguments: StatementArguments
    ) throws
        -> BlockRecord?
    {
        try withStoreErrors(what) { try pool.unsafeRead { db in try Self.fetchBlock(db, where: clause, arguments) } }
    }

    private static func fetchBlock(
        _ db: Database, where clause: String, _ arguments: StatementArguments
    ) throws
        -> BlockRecord?
    {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT number, hash, parent_hash, first_seq, entry_count, time, logs_bloom FROM blocks \(clause)"),
            arguments: arguments)
        guard let row else { return nil }
        return BlockRecord(
            number: try Column.uint64(row[0], "block number"), hash: bytes(row, 1), parentHash: bytes(row, 2),
            firstEntry: try Column.uint64(row[3], "block first entry"),
            entryCount: try Column.uint64(row[4], "block entry count"), time: row[5], logsBloom: bytes(row, 6))
    }
}
