import Foundation
import GRDB

extension SQLiteLedgerStore {
    /// The ceiling for journal appends on this machine: rows per second of raw SQLite inserts into a
    /// scratch table shaped like `journal` (same columns and sizes, no CHECKs, no triggers, no
    /// projections), one prepared single-row INSERT bound through the C API, in batched IMMEDIATE
    /// transactions, WAL and `synchronous = FULL` — the same durability as `commit`. `helio bench ledger`
    /// prints journal appends/s next to it and their ratio.
    ///
    /// - Parameters:
    ///   - path: a scratch database file; created fresh (an existing file is removed) and removed after.
    ///   - rows: how many rows to insert.
    ///   - batchSize: rows per transaction (the group commit size).
    ///   - rowSize: payload bytes per row: the mean `JournalEntry.payload.count`, nothing added; each row
    ///     also gets the journal's fixed columns (seq, kind, 20-byte author, 32-byte leaf hash, time).
    /// - Returns: rows per second, measured from the first insert to the last commit.
    public static func measureRawInserts(path: String, rows: Int, batchSize: Int, rowSize: Int) throws -> Double {
        precondition(rows > 0 && batchSize > 0 && rowSize >= 0, "rows and batchSize must be positive")
        removeDatabaseFiles(path)
        defer { removeDatabaseFiles(path) }
        do {
            return try insertScratchRows(path: path, rows: rows, batchSize: batchSize, rowSize: rowSize)
        } catch {
            throw storeError(error, "measure raw inserts at \(path)")
        }
    }

    private static func insertScratchRows(path: String, rows: Int, batchSize: Int, rowSize: Int) throws -> Double {
        let pool = try DatabasePool(path: path)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(
                sql: """
                    CREATE TABLE scratch (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, payload BLOB NOT NULL,
                    author BLOB NOT NULL, leaf_hash BLOB NOT NULL, time INTEGER NOT NULL)
                    """)
        }
        let payload = (0..<rowSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let author = [UInt8](repeating: 0xA5, count: 20)
        var leafHash = [UInt8](repeating: 0, count: 32)
        let clock = ContinuousClock()
        let start = clock.now
        var next = 0
        while next < rows {
            let end = min(next + batchSize, rows)
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let insert = try RawStatement(db, "INSERT INTO scratch VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    for seq in next..<end {
                        leafHash[seq % 32] &+= 1
                        insert.bind(1, seq)
                        insert.bind(2, "Transfer")
                        insert.bind(3, payload)
                        insert.bind(4, author)
                        insert.bind(5, leafHash)
                        insert.bind(6, 1_700_000_000 + seq)
                        try insert.run()
                    }
                    return .commit
                }
            }
            next = end
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Double(rows) / max(seconds, 1e-9)
    }

    /// Removes a database file and its WAL and shared-memory companions, if present.
    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
