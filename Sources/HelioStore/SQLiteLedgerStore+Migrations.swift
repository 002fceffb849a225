import GRDB

extension SQLiteLedgerStore {
    /// The schema's history. Append-only: a shipped migration is never edited, a change is a new "vN".
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: schemaV1Journal)
            try db.execute(sql: schemaV1Projections)
            try db.execute(sql: schemaV1Registry)
        }
        return migrator
    }

    /// The journal and the frozen Merkle nodes: the log itself, append-only and enforced by the database.
    ///
    /// - `journal.seq` is the entry index (0, 1, 2, …): an INTEGER PRIMARY KEY, so the table's B-tree is
    ///   keyed on time order and every append lands on the rightmost page (performance.md: no random-hash
    ///   index on the hot write path; the leaf hash is a column, not a key).
    /// - No gaps: `prev_seq` must be `seq − 1` (NULL only for entry 0; `IS`, because a CHECK that
    ///   evaluates to NULL passes) and is a foreign key to the entry before, so every entry's predecessor
    ///   exists. Costs one rowid lookup per append; a BEFORE INSERT trigger doing the same check cost
    ///   several times as much. Foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at COMMIT, since
    ///   a batch is all or nothing anyway (see `CommitWriter`).
    /// - `*_no_update` / `*_no_delete` refuse changes. `INSERT OR REPLACE` deletes the row it replaces
    ///   without firing DELETE triggers unless `recursive_triggers` is on, which the store turns on for
    ///   every connection (`SQLiteLedgerStore.init`).
    /// - `merkle_nodes` holds the frozen nodes of levels ≥ 1; level 0 (the leaf hashes) is read from
    ///   `journal.leaf_hash`, so no hash is stored twice. Keyed (level, idx): appends are rightmost per
    ///   level.
    static let schemaV1Journal = """
        CREATE TABLE journal (
            seq INTEGER PRIMARY KEY CHECK (seq >= 0),
            prev_seq INTEGER REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED
                CHECK (CASE WHEN seq = 0 THEN prev_seq IS NULL ELSE prev_seq IS seq - 1 END),
            kind TEXT NOT NULL CHECK (kind <> ''),
            payload BLOB NOT NULL,
            author BLOB NOT NULL CHECK (length(author) = 20),
            leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32),
            time INTEGER NOT NULL
        ) STRICT;
        CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
            BEGIN SELECT RAISE(ABORT, 'journal is append-only: UPDATE refused'); END;
        CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
            BEGIN SELECT RAISE(ABORT, 'journal is append-only: DELETE refused'); END;

        CREATE TABLE merkle_nodes (
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 63),
            idx INTEGER NOT NULL CHECK (idx >= 0),
            hash BLOB NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        ) STRICT, WITHOUT ROWID;
        CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
            BEGIN SELECT RAISE(ABORT, 'merkle_nodes are frozen: UPDATE refused'); END;
        CREATE TRIGGER merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
            BEGIN SELECT RAISE(ABORT, 'merkle_nodes are frozen: DELETE refused'); END;
        """

    /// The projections of `LedgerState`, updated in the journal's transaction.
    ///
    /// Amounts are 32-byte big-endian BLOBs (`UInt256.bigEndianBytes`): exact, fixed width, and their
    /// byte order is their numeric order. A zero balance or allowance is no row (the CHECK refuses one).
    /// Minters keep their order in a child table, so an `Asset` reloads equal to the one stored.
    static let schemaV1Projections = """
        CREATE TABLE assets (
            id BLOB PRIMARY KEY CHECK (length(id) = 20),
            token_address BLOB NOT NULL UNIQUE CHECK (length(token_address) = 20),
            issuer BLOB NOT NULL CHECK (length(issuer) = 20),
            name TEXT NOT NULL CHECK (name <> ''),
            symbol TEXT NOT NULL CHECK (symbol <> ''),
            decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 77),
            definition_sha256 TEXT NOT NULL CHECK (length(definition_sha256) = 64),
            genesis_seq INTEGER NOT NULL REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            total_supply BLOB NOT NULL CHECK (length(total_supply) = 32)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE asset_minters (
            asset BLOB NOT NULL REFERENCES assets(id) DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL CHECK (position >= 0),
            minter BLOB NOT NULL CHECK (length(minter) = 20),
            PRIMARY KEY (asset, position)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE balances (
            asset BLOB NOT NULL REFERENCES assets(id) DEFERRABLE INITIALLY DEFERRED,
            account BLOB NOT NULL CHECK (length(account) = 20),
            amount BLOB NOT NULL CHECK (length(amount) = 32 AND amount <> zeroblob(32)),
            PRIMARY KEY (asset, account)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE allowances (
            asset BLOB NOT NULL REFERENCES assets(id) DEFERRABLE INITIALLY DEFERRED,
            owner BLOB NOT NULL CHECK (length(owner) = 20),
            spender BLOB NOT NULL CHECK (length(spender) = 20),
            amount BLOB NOT NULL CHECK (length(amount) = 32 AND amount <> zeroblob(32)),
            PRIMARY KEY (asset, owner, spender)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE nonces (
            account BLOB PRIMARY KEY CHECK (length(account) = 20),
            next_nonce INTEGER NOT NULL CHECK (next_nonce >= 0)
        ) STRICT, WITHOUT ROWID;
        """

    /// Events, checkpoints and settings.
    ///
    /// `events` is keyed (seq, position) — time order again. Each row is enough to rebuild the
    /// `LedgerEvent` (see `EventRow.swift`); `asset`, `topic1`, `topic2` are there for
    /// later filters (eth_getLogs by token and topics), which will add their indexes in a later migration
    /// once a query needs them.
    static let schemaV1Registry = """
        CREATE TABLE events (
            seq INTEGER NOT NULL REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL CHECK (position >= 0),
            kind TEXT NOT NULL CHECK (kind = 'Transfer' OR kind = 'Approval' OR kind = 'AssetDefined'),
            asset BLOB NOT NULL CHECK (length(asset) = 20),
            topic1 BLOB NOT NULL CHECK (length(topic1) = 20),
            topic2 BLOB NOT NULL CHECK (length(topic2) = 20),
            payload BLOB NOT NULL CHECK (kind = 'AssetDefined' OR length(payload) = 32),
            PRIMARY KEY (seq, position)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE checkpoints (
            tree_size INTEGER PRIMARY KEY CHECK (tree_size >= 0),
            text TEXT NOT NULL,
            root BLOB NOT NULL CHECK (length(root) = 32),
            timestamp INTEGER NOT NULL CHECK (timestamp >= 0)
        ) STRICT;
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        """
}
