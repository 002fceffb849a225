import Foundation
import GRDB

/// HelioStore's default backend: the journal, its Merkle nodes and the state projections in one SQLite
/// file, through GRDB.
///
/// What this module owns: the durable form of the ledger (the append-only journal, the frozen Merkle
/// nodes, the projections of `LedgerState`, the event log, signed checkpoints and registry settings),
/// behind the `LedgerStore` protocol so a PostgreSQL backend can follow. What it must never import:
/// HelioRegistry, the server, the CLI — arrows point one way. No GRDB or SQLite type appears in its
/// public API: errors are `StoreError`, values are ledger and log types.
///
/// Durability and concurrency (see docs/adr/0001-sqlite-projections-in-the-journal-transaction.md):
/// - One `DatabasePool` in WAL mode: one writer connection, up to `maximumReaderCount` readers; reads
///   run on their own snapshot and never block the writer. A `WALCheckpointer` thread with its own
///   connection moves committed WAL frames into the database file, off the commit path.
/// - `PRAGMA synchronous = FULL` on the writer, set AFTER GRDB opened the pool (GRDB sets NORMAL when it
///   enables WAL, which may lose the last commits on power loss). A commit that returned is on disk.
/// - Foreign keys and recursive triggers on; every table is STRICT; CHECK constraints guard lengths and
///   ranges; triggers make the journal and the Merkle nodes append-only; a foreign key keeps the journal
///   gap-free.
/// - `commit(_:)` is one IMMEDIATE transaction per batch (group commit): journal rows, Merkle nodes,
///   projection changes and events, all or nothing.
///
/// Where things are:
/// - schema: `SQLiteLedgerStore+Migrations.swift` (append-only migrations; never edit a shipped one);
/// - the write path: `SQLiteLedgerStore+Commit.swift` (checks) → `CommitWriter` (rows), with
///   `ProjectionDelta` (last value per row), `ChunkedStatement` and `RawStatement` (C-API binding);
/// - reads: `+Reads`, `+State`, `+Checkpoints`, `+Proofs` (proofs from one read snapshot via
///   `SnapshotMerkleNodes`);
/// - Merkle node stores for `MerkleTree`: `DatabaseMerkleNodes` (read-only, any `LedgerStore`) and
///   `BufferedMerkleNodes` (the writer's);
/// - the benchmark ceiling: `SQLiteLedgerStore.measureRawInserts` in `+Ceiling`.
///
/// Sendable without `@unchecked`: its stored properties are immutable and Sendable (`DatabasePool`,
/// `WALCheckpointer`).
public final class SQLiteLedgerStore: LedgerStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// Checkpoints the WAL on its own thread; `commit` nudges it.
    let checkpointer: WALCheckpointer
    /// Set by `temporary()`: a directory removed when the store goes away.
    private let temporaryDirectory: String?

    /// Page cache of the writer connection, in KiB (SQLite's negative `cache_size` unit). The balance
    /// and nonce indexes are keyed by account, so writes land at random pages; a cache that holds the
    /// upper levels of those B-trees keeps throughput flat as the table grows (default is 2 MiB).
    static let writerCacheKiB = 64 * 1024

    /// The writer's own `wal_autocheckpoint`, in pages: only a backstop, in case `WALCheckpointer` falls
    /// behind (e.g. a long read pins the WAL). ~40 MiB of WAL at 4 KiB pages.
    static let backstopCheckpointPages = 10_000

    /// Opens (creating if needed) the store at `path` and runs pending migrations.
    ///
    /// - Throws: `StoreError.io` when the file cannot be opened or migrated.
    public convenience init(path: String) throws {
        try self.init(path: path, temporaryDirectory: nil)
    }

    init(path: String, temporaryDirectory: String?) throws {
        self.path = path
        self.temporaryDirectory = temporaryDirectory
        var configuration = Configuration()
        configuration.label = "HelioStore"
        configuration.foreignKeysEnabled = true
        // Another process (a `helio replay` next to a running server) may hold the write lock briefly.
        configuration.busyMode = .timeout(10)
        // INSERT OR REPLACE then fires the journal's and the Merkle nodes' DELETE triggers (see the schema).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA recursive_triggers = ON") }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // After opening, not in prepareDatabase: GRDB sets synchronous = NORMAL when it enables WAL.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.backstopCheckpointPages)")
                // Temporary structures (e.g. a statement journal, should one be needed) stay in memory.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
            try Self.migrator.migrate(pool)
            checkpointer = try WALCheckpointer(path: path)
        } catch {
            throw Self.storeError(error, "open the store at \(path)")
        }
    }

    /// A store in a fresh temporary directory, removed when the store is deallocated: for tests and
    /// throw-away tools. (A `DatabasePool` needs a file: WAL does not work in memory.)
    public static func temporary() throws -> SQLiteLedgerStore {
        let directory = NSTemporaryDirectory() + "helio-store-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.io, "cannot create a temporary directory at \(directory): \(error)")
        }
        return try SQLiteLedgerStore(path: directory + "/ledger.sqlite", temporaryDirectory: directory)
    }

    deinit {
        checkpointer.stop()
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    }

    /// What the writer connection runs with, read back from SQLite (for tests, `/healthz` and the bench).
    public func connectionSettings() throws -> ConnectionSettings {
        try withStoreErrors("read the connection settings") {
            try pool.writeWithoutTransaction { db in
                ConnectionSettings(
                    journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                    foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false)
            }
        }
    }
}

/// Connection settings that decide durability and integrity, as SQLite reports them.
public struct ConnectionSettings: Hashable, Sendable {
    /// "wal" for a store that readers do not block.
    public let journalMode: String
    /// SQLite's `PRAGMA synchronous` level: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. Durable commits need ≥ 2.
    public let synchronous: Int
    public let foreignKeys: Bool
}
