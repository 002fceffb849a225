import Foundation
import GRDB
import HelioLedger
import Testing

@testable import HelioStore

@Suite struct SchemaTests {
    @Test func migrationsCreateTheSchema() throws {
        let store = try SQLiteLedgerStore.temporary()
        let tables = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in [
            "journal", "merkle_nodes", "assets", "asset_minters", "balances", "allowances", "nonces", "events",
            "checkpoints", "settings", "registry_config", "devices", "oracles", "assignments", "attestations",
            "issuances", "blocks", "transactions", "cert_config", "cert_policies", "cert_carries",
            "cert_pending_hours", "cert_lots", "cert_parts", "cert_cancellations", "beneficiary_openings",
            "cert_carry_readings",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let triggers = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        }
        #expect(
            triggers == [
                "attestations_no_delete", "attestations_no_update", "beneficiary_openings_no_update",
                "blocks_no_delete", "blocks_no_update", "cert_cancellations_no_delete", "cert_cancellations_no_update",
                "cert_lots_no_delete", "cert_parts_no_delete", "issuances_no_delete", "issuances_no_update",
                "journal_no_delete", "journal_no_update",
                "merkle_nodes_no_delete", "merkle_nodes_no_update", "transactions_no_delete",
                "transactions_no_update",
            ])
        let applied = try store.pool.read { db in try SQLiteLedgerStore.migrator.appliedIdentifiers(db) }
        // A Set: GRDB promises no order.
        #expect(applied == ["v1", "v2-readings", "v3-blocks", "v4-certificates", "v5-cosignatures"])
        for table in ["merkle_nodes", "attestations", "issuances"] {
            let sql = try store.pool.read { db in
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table])
            }
            #expect(sql?.contains("WITHOUT ROWID") == true, "\(table)")
        }
    }

    @Test func reopeningKeepsTheSchemaAndDurability() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        do {
            let store = try SQLiteLedgerStore(path: directory.databasePath)
            try store.setSetting("name", "helio.test")
        }
        let reopened = try SQLiteLedgerStore(path: directory.databasePath)
        #expect(try reopened.setting("name") == "helio.test")
        let settings = try reopened.connectionSettings()
        #expect(settings.synchronous == 2)
        #expect(settings.journalMode == "wal")
    }

    /// GRDB sets synchronous = NORMAL when it enables WAL; the store must set FULL after opening.
    @Test func writerIsDurableWAL() throws {
        let store = try SQLiteLedgerStore.temporary()
        let settings = try store.connectionSettings()
        #expect(settings.synchronous == 2, "PRAGMA synchronous must read back FULL (2)")
        #expect(settings.journalMode == "wal")
        #expect(settings.foreignKeys)
    }

    @Test func settingsRoundTrip() throws {
        let store = try SQLiteLedgerStore.temporary()
        #expect(try store.setting("chain_id") == nil)
        try store.setSetting("chain_id", "7317")
        try store.setSetting("chain_id", "7318")
        #expect(try store.setting("chain_id") == "7318")
    }

    @Test func journalRefusesUpdateAndDelete() throws {
        let store = try SQLiteLedgerStore.temporary()
        var ledger = TestLedger()
        for i in 0..<3 { ledger.note("note \(i)") }
        try store.commit(ledger.takeBatch())
        let before = try store.entries(from: 0, limit: 10)

        for sql in [
            "UPDATE journal SET kind = 'Forged' WHERE seq = 1",
            "UPDATE journal SET payload = x'00'",
            "DELETE FROM journal WHERE seq = 2",
            "DELETE FROM journal",
            // REPLACE deletes the old row: refused because recursive_triggers fires journal_no_delete.
            "INSERT OR REPLACE INTO journal (seq, prev_seq, kind, payload, author, leaf_hash, time) "
                + "VALUES (1, 0, 'X', x'00', zeroblob(20), zeroblob(32), 0)",
            // A gap: entry 4 does not exist (foreign key), or prev_seq is not seq - 1 (CHECK).
            "INSERT INTO journal (seq, prev_seq, kind, payload, author, leaf_hash, time) "
                + "VALUES (5, 4, 'Gap', x'00', zeroblob(20), zeroblob(32), 0)",
            "INSERT INTO journal (seq, prev_seq, kind, payload, author, leaf_hash, time) "
                + "VALUES (5, 2, 'Gap', x'00', zeroblob(20), zeroblob(32), 0)",
            "INSERT INTO journal (seq, prev_seq, kind, payload, author, leaf_hash, time) "
                + "VALUES (4, NULL, 'Gap', x'00', zeroblob(20), zeroblob(32), 0)",
            "UPDATE merkle_nodes SET hash = zeroblob(32)",
            "INSERT OR REPLACE INTO merkle_nodes (level, idx, hash) VALUES (1, 0, zeroblob(32))",
            "DELETE FROM merkle_nodes",
        ] {
            #expect(throws: DatabaseError.self, "\(sql)") {
                try store.pool.write { db in try db.execute(sql: sql) }
            }
        }
        let after = try store.entries(from: 0, limit: 10)
        #expect(after.map(\.entry) == before.map(\.entry))
        #expect(after.map(\.leafHash) == before.map(\.leafHash))
        // The next index is accepted: the refusals above are about gaps and rewrites, not inserts.
        try store.pool.write { db in
            try db.execute(
                sql: "INSERT INTO journal (seq, prev_seq, kind, payload, author, leaf_hash, time) "
                    + "VALUES (3, 2, 'Next', x'00', zeroblob(20), zeroblob(32), 0)")
        }
        #expect(try store.journalSize() == 4)
        #expect(try store.merkleNode(level: 1, index: 0) != nil)
    }

    @Test func checksGuardTheProjections() throws {
        let store = try SQLiteLedgerStore.temporary()
        for sql in [
            "INSERT INTO nonces (account, next_nonce) VALUES (zeroblob(19), 1)",
            "INSERT INTO nonces (account, next_nonce) VALUES (zeroblob(20), -1)",
            "INSERT INTO nonces (account, next_nonce) VALUES (zeroblob(20), 'one')",
            "INSERT INTO balances (asset, account, amount) VALUES (zeroblob(20), zeroblob(20), x'01')",
            "INSERT INTO settings (key, value) VALUES ('k', NULL)",
        ] {
            #expect(throws: DatabaseError.self, "\(sql)") {
                try store.pool.write { db in try db.execute(sql: sql) }
            }
        }
    }
}

/// The certificate tables keep what must never change: lots and parts are not deleted, cancellations are
/// append-only, an opening can be erased but never rewritten.
@Suite struct CertificateSchemaTests {
    @Test func theDatabaseRefusesRewritingHistory() throws {
        let store = try SQLiteLedgerStore.temporary()
        try store.pool.write { db in
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            try db.execute(sql: "INSERT INTO cert_lots VALUES ('GC-1', 'GC', 'D', 'active', '{}')")
            try db.execute(sql: "INSERT INTO cert_parts VALUES ('GC-1.0', 'GC-1', zeroblob(20), 5, '{}')")
        }
        for sql in ["DELETE FROM cert_lots", "DELETE FROM cert_parts"] {
            #expect(throws: (any Error).self, "\(sql)") { try store.pool.write { db in try db.execute(sql: sql) } }
        }
        #expect(throws: (any Error).self) {
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO cert_lots VALUES ('X', 'XX', 'D', 'active', '{}')")
            }
        }
        #expect(throws: (any Error).self) {
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO cert_pending_hours VALUES ('D', 3601, '{}')")
            }
        }
    }
}
