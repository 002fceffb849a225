import Foundation
import GRDB
import HelioCrypto
import HelioLedger

/// Reads. Each public read is one read transaction on a reader connection: it sees a snapshot holding
/// whole batches only, and never blocks the writer (WAL).
extension SQLiteLedgerStore {
    public func journalSize() throws -> UInt64 {
        try withStoreErrors("read the journal size") { try pool.read { db in try Self.journalSize(db) } }
    }

    /// The number of journal entries: max(seq) + 1, which the `journal_next_seq` trigger keeps equal to
    /// the row count. O(log n), unlike count(*).
    static func journalSize(_ db: Database) throws -> UInt64 {
        let size = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq) + 1, 0) FROM journal") ?? 0
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
            try pool.read { db in try Self.merkleNode(db, level: level, index: idx) }
        }
    }

    /// Level 0 is the journal's leaf hash; levels ≥ 1 are in `merkle_nodes`.
    static func merkleNode(_ db: Database, level: Int, index: Int64) throws -> [UInt8]? {
        let data: Data?
        if level == 0 {
            data = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT leaf_hash FROM journal WHERE seq = ?"), arguments: [index])
        } else {
            data = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?"),
                arguments: [level, index])
        }
        return data.map { Array($0) }
    }

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
                    let stored = EventRow(kind: row[2], asset: row[3], topic1: row[4], topic2: row[5], payload: row[6])
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
