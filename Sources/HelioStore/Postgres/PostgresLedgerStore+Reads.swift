import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import NIOCore
import PostgresNIO

extension PostgresLedgerStore {
    public func journalSize() throws -> UInt64 {
        try withStoreErrors("read the journal size") { connection in
            try Self.journalSize(connection)
        }
    }

    static func journalSize(_ connection: PostgresConnection) throws -> UInt64 {
        let row = try connection.run("SELECT size FROM journal_head WHERE id = 1").rows.first
        guard let row else { throw StoreError(.corrupt, "journal_head has no row") }
        return try Column.uint64(try row.decode(Int64.self), "journal size")
    }

    public func loadState() throws -> LedgerState {
        try loadSnapshot().state
    }

    /// The projections and the journal size they belong to, from one snapshot (REPEATABLE READ).
    public func loadSnapshot() throws -> (state: LedgerState, size: UInt64) {
        try inTransaction("load the ledger state", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { connection in
            let size = try Self.journalSize(connection)
            var loader = ProjectionLoader()
            for row in try connection.run("SELECT kind, key, record FROM projections").rows {
                let (kind, key, record) = try row.decode((String, ByteBuffer, ByteBuffer).self)
                try loader.add(kind: kind, key: Array(buffer: key), record: Array(buffer: record))
            }
            return (loader.state(), size)
        }
    }

    public func entries(from: UInt64, limit: Int) throws -> [(entry: JournalEntry, leafHash: [UInt8])] {
        guard limit > 0, let start = Int64(exactly: from) else { return [] }
        return try withStoreErrors("read journal entries from \(from)") { connection in
            try connection.run(
                """
                SELECT seq, kind, payload, author, leaf_hash, time FROM journal
                WHERE seq >= \(start) ORDER BY seq LIMIT \(Int64(limit))
                """
            ).rows.map { row in
                let (seq, kind, payload, author, leaf, time) = try row.decode(
                    (Int64, String, ByteBuffer, ByteBuffer, ByteBuffer, Int64).self)
                let entry = JournalEntry(
                    index: try Column.uint64(seq, "entry index"), time: time, kind: kind,
                    author: try Column.address(Array(buffer: author), "entry author"), payload: Array(buffer: payload))
                return (entry, Array(buffer: leaf))
            }
        }
    }

    public func merkleNode(level: Int, index: UInt64) throws -> [UInt8]? {
        guard (0...63).contains(level), let idx = Int64(exactly: index) else { return nil }
        return try withStoreErrors("read Merkle node (\(level), \(index))") { connection in
            let rows =
                level == 0
                ? try connection.run("SELECT leaf_hash FROM journal WHERE seq = \(idx)").rows
                : try connection.run(
                    "SELECT hash FROM merkle_nodes WHERE level = \(Int16(level)) AND idx = \(idx)"
                ).rows
            return try rows.first.map { Array(buffer: try $0.decode(ByteBuffer.self)) }
        }
    }

    public func events(from: UInt64, to: UInt64) throws -> [StoredEvent] {
        guard from < to, let start = Int64(exactly: from) else { return [] }
        let end = Int64(clamping: to)
        return try withStoreErrors("read events of entries \(from)..<\(to)") { connection in
            try connection.run(
                """
                SELECT seq, position, kind, asset, topic1, topic2, payload FROM events
                WHERE seq >= \(start) AND seq < \(end) ORDER BY seq, position
                """
            ).rows.map { row in
                let (seq, position, kind, asset, topic1, topic2, payload) = try row.decode(
                    (Int64, Int32, String, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer).self)
                let stored = EventRow(
                    kind: kind, asset: Array(buffer: asset), topic1: Array(buffer: topic1),
                    topic2: Array(buffer: topic2), payload: Array(buffer: payload))
                return StoredEvent(
                    entryIndex: try Column.uint64(seq, "event entry index"), position: Int(position),
                    event: try stored.event())
            }
        }
    }

    public func transaction(hash: [UInt8]) throws -> TransactionLocation? {
        guard hash.count == 32 else { return nil }
        return try withStoreErrors("look up a transaction hash") { connection in
            guard
                let row = try connection.run(
                    "SELECT seq, status FROM transactions WHERE hash = \(ByteBuffer(bytes: hash))"
                ).rows.first
            else { return nil }
            let (seq, status) = try row.decode((Int64, Int16).self)
            return TransactionLocation(entryIndex: try Column.uint64(seq, "transaction entry"), succeeded: status == 1)
        }
    }

    public func beneficiaryOpening(cancellation index: UInt64) throws -> BeneficiaryOpening? {
        let seq = try Column.int64(index, "entry index")
        return try withStoreErrors("read a beneficiary opening") { connection in
            guard
                let row = try connection.run(
                    "SELECT salt, name, address FROM beneficiary_openings WHERE seq = \(seq)"
                ).rows.first
            else { return nil }
            let (salt, name, address) = try row.decode((ByteBuffer, String, String).self)
            return BeneficiaryOpening(salt: try Hash32(Array(buffer: salt)), name: name, address: address)
        }
    }

    public func eraseBeneficiaryOpening(cancellation index: UInt64) throws -> Bool {
        let seq = try Column.int64(index, "entry index")
        return try withStoreErrors("erase a beneficiary opening") { connection in
            try connection.run("DELETE FROM beneficiary_openings WHERE seq = \(seq)").metadata.rows == 1
        }
    }

    // MARK: Settings

    public func setting(_ key: String) throws -> String? {
        try withStoreErrors("read setting \(key)") { connection in
            try connection.run("SELECT value FROM settings WHERE key = \(key)").rows.first?.decode(String.self)
        }
    }

    public func setSetting(_ key: String, _ value: String) throws {
        try withStoreErrors("write setting \(key)") { connection in
            _ = try connection.run(
                """
                INSERT INTO settings (key, value) VALUES (\(key), \(value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
        }
    }
}
