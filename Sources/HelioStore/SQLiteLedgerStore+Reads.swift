import Foundation
import GRDB
import HelioCrypto
import HelioLedger

/// Reads. Each public read is one read transaction on a reader connection: it sees a snapshot holding
/// whole batches only, and never blocks the writer (WAL).
extension SQLiteLedgerStore {
    public func journalSize() throws -> UInt64 {
        // One statement is atomic on its own: no transaction needed (saves BEGIN/COMMIT per call).
        try withStoreErrors("read the journal size") { try pool.unsafeRead { db in try Self.journalSize(db) } }
    }

    /// The number of journal entries: max(seq) + 1, which the `prev_seq` foreign key keeps equal to the
    /// row count (no gaps). O(log n), unlike count(*).
    static func journalSize(_ db: Database) throws -> UInt64 {
        let size = try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(seq) + 1, 0) FROM journal")) ?? 0
        return try Column.uint64(size, "journal size")
    }

    public func entries(from: UInt64, limit: Int) throws -> [(entry: JournalEntry, leafHash: [UInt8])] {
        guard limit > 0, let start = Int64(exactly: from) else { return [] }
        return try withStoreErrors("read journal entries from \(from)") {
            try pool.read { db in
                let rows = try Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT seq, kind, payload, author, leaf_hash, time FROM journal
                            WHERE seq >= ? ORDER BY seq LIMIT ?
                            """),
                    arguments: [start, limit])
                var entries: [(entry: JournalEntry, leafHash: [UInt8])] = []
                while let row = try rows.next() {
                    let entry = JournalEntry(
                        index: try Column.uint64(row[0], "entry index"), time: row[5], kind: row[1],
                        author: try Column.address(row[3], "entry author"), payload: Array(row[2] as Data))
                    entries.append((entry, Array(row[4] as Data)))
                }
                return entries
            }
        }
    }

    public func merkleNode(level: Int, index: UInt64) throws -> [UInt8]? {
        guard (0...63).contains(level), let idx = Int64(exactly: index) else { return nil }
        return try withStoreErrors("read Merkle node (\(level), \(index))") {
            // A frozen node never changes, and one statement is atomic: no transaction needed.
            try pool.unsafeRead { db in try Self.merkleNode(db, level: level, index: idx) }
        }
    }

    /// Level 0 is the journal's leaf hash; levels ≥ 1 are in `merkle_nodes`. Bound through the C API:
    /// a proof reads up to ~2 log n nodes, and GRDB's per-fetch work was most of a proof's time.
    static func merkleNode(_ db: Database, level: Int, index: Int64) throws -> [UInt8]? {
        if level == 0 {
            let statement = try RawStatement(db, "SELECT leaf_hash FROM journal WHERE seq = ?1")
            statement.bind(1, index)
            return try statement.fetchBlob()
        }
        let statement = try RawStatement(db, "SELECT hash FROM merkle_nodes WHERE level = ?1 AND idx = ?2")
        statement.bind(1, level)
        statement.bind(2, index)
        return try statement.fetchBlob()
    }

    /// A BLOB column as bytes.
    static func bytes(_ row: Row, _ index: Int) -> [UInt8] { Array(row[index] as Data) }

    public func events(from: UInt64, to: UInt64) throws -> [StoredEvent] {
        guard from < to, let start = Int64(exactly: from) else { return [] }
        let end = Int64(clamping: to)
        return try withStoreErrors("read events of entries \(from)..<\(to)") {
            try pool.read { db in
                let rows = try Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT seq, position, kind, asset, topic1, topic2, payload FROM events
                            WHERE seq >= ? AND seq < ? ORDER BY seq, position
                            """),
                    arguments: [start, end])
                var events: [StoredEvent] = []
                while let row = try rows.next() {
                    let stored = EventRow(
                        kind: row[2], asset: Self.bytes(row, 3), topic1: Self.bytes(row, 4), topic2: Self.bytes(row, 5),
                        payload: Self.bytes(row, 6))
                    events.append(
                        StoredEvent(
                            entryIndex: try Column.uint64(row[0], "event entry index"), position: row[1],
                            event: try stored.event()))
                }
                return events
            }
        }
    }
}
