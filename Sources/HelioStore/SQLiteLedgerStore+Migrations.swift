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
        migrator.registerMigration("v2-readings") { db in
            try db.execute(sql: schemaV2Readings)
        }
        migrator.registerMigration("v3-blocks") { db in
            try db.execute(sql: schemaV3Blocks)
        }
        migrator.registerMigration("v4-certificates") { db in
            try db.execute(sql: schemaV4Certificates)
        }
        migrator.registerMigration("v5-cosignatures") { db in
            try db.execute(sql: schemaV5Cosignatures)
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

    /// Issue 4: the issuing body's registrations and the oracles' attestations.
    ///
    /// - `attestations` is keyed (meter, period_start, oracle) and `issuances` (meter, period_start):
    ///   keys on meter and time, so a meter's readings append at the right of its range. The issuances
    ///   key is the database's own guarantee that a period of a meter backs energy only once, ever;
    ///   both tables are append-only like the journal.
    /// - A device's registration is kept whole as canonical JSON (it is read back, never queried by
    ///   field); `owner` is a column for "devices of an owner".
    /// - The hot tables (attestations, issuances) carry no foreign keys: each would cost a lookup per row,
    ///   and their rows are written only by the same transaction as the journal entry that holds them.
    static let schemaV2Readings = """
        CREATE TABLE registry_config (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            authority BLOB NOT NULL CHECK (length(authority) = 20),
            issuing_bodies TEXT NOT NULL,
            reward_asset BLOB NOT NULL REFERENCES assets(id) DEFERRABLE INITIALLY DEFERRED,
            max_age_seconds INTEGER NOT NULL CHECK (max_age_seconds > 0),
            future_skew_seconds INTEGER NOT NULL CHECK (future_skew_seconds >= 0),
            capacity_margin_percent INTEGER NOT NULL CHECK (capacity_margin_percent >= 100),
            sun_tolerance_centidegrees INTEGER NOT NULL CHECK (sun_tolerance_centidegrees >= 0)
        ) STRICT;
        CREATE TABLE devices (
            id TEXT PRIMARY KEY CHECK (id <> ''),
            owner BLOB NOT NULL CHECK (length(owner) = 20),
            registration TEXT NOT NULL,
            active INTEGER NOT NULL CHECK (active IN (0, 1)),
            status_reason TEXT NOT NULL,
            registered_seq INTEGER NOT NULL REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX devices_by_owner ON devices (owner);
        CREATE TABLE oracles (
            address BLOB PRIMARY KEY CHECK (length(address) = 20),
            name TEXT NOT NULL CHECK (name <> ''),
            active INTEGER NOT NULL CHECK (active IN (0, 1)),
            status_reason TEXT NOT NULL,
            registered_seq INTEGER NOT NULL REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE assignments (
            meter TEXT NOT NULL,
            valid_from INTEGER NOT NULL CHECK (valid_from >= 0),
            quorum INTEGER NOT NULL CHECK (quorum >= 1),
            oracles TEXT NOT NULL,
            seq INTEGER NOT NULL REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (meter, valid_from)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE attestations (
            meter TEXT NOT NULL,
            period_start INTEGER NOT NULL CHECK (period_start >= 0),
            oracle BLOB NOT NULL CHECK (length(oracle) = 20),
            period_end INTEGER NOT NULL CHECK (period_end > period_start),
            energy_wh INTEGER NOT NULL CHECK (energy_wh >= 0),
            cumulative_wh INTEGER CHECK (cumulative_wh >= 0),
            reading_id BLOB NOT NULL CHECK (length(reading_id) = 32),
            seq INTEGER NOT NULL,
            PRIMARY KEY (meter, period_start, oracle)
        ) STRICT, WITHOUT ROWID;
        CREATE TRIGGER attestations_no_update BEFORE UPDATE ON attestations
            BEGIN SELECT RAISE(ABORT, 'attestations are append-only: UPDATE refused'); END;
        CREATE TRIGGER attestations_no_delete BEFORE DELETE ON attestations
            BEGIN SELECT RAISE(ABORT, 'attestations are append-only: DELETE refused'); END;
        CREATE TABLE issuances (
            meter TEXT NOT NULL,
            period_start INTEGER NOT NULL CHECK (period_start >= 0),
            period_end INTEGER NOT NULL CHECK (period_end > period_start),
            device TEXT NOT NULL,
            energy_wh INTEGER NOT NULL CHECK (energy_wh >= 0),
            reward BLOB NOT NULL CHECK (length(reward) = 32),
            owner BLOB NOT NULL CHECK (length(owner) = 20),
            seq INTEGER NOT NULL,
            reading_ids BLOB NOT NULL CHECK (length(reading_ids) > 0 AND length(reading_ids) % 32 = 0),
            PRIMARY KEY (meter, period_start)
        ) STRICT, WITHOUT ROWID;
        CREATE TRIGGER issuances_no_update BEFORE UPDATE ON issuances
            BEGIN SELECT RAISE(ABORT, 'issuances are append-only: UPDATE refused'); END;
        CREATE TRIGGER issuances_no_delete BEFORE DELETE ON issuances
            BEGIN SELECT RAISE(ABORT, 'issuances are append-only: DELETE refused'); END;
        """

    /// Issue 6: blocks (one per writer commit) and the transaction-hash index, for the JSON-RPC edge.
    ///
    /// - `blocks` is keyed by number; `first_seq` is UNIQUE (a block is found from an entry by the last
    ///   block starting at or before it). Contiguity (each block starts where the previous ended, names
    ///   its hash as parent) is checked by the store before inserting (`SQLiteLedgerStore+Blocks`).
    ///   Append-only like the journal.
    /// - `transactions` maps every entry's transaction hash to its entry and status (0 = the call
    ///   failed, Ethereum's receipt status). The one random-keyed index on the write path: lookups by
    ///   hash are what `eth_getTransactionReceipt` does every 0.1 s while a client waits.
    /// - Entries written before this migration get their block when the writer next opens the store.
    static let schemaV3Blocks = """
        CREATE TABLE blocks (
            number INTEGER PRIMARY KEY CHECK (number >= 0),
            hash BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
            parent_hash BLOB NOT NULL CHECK (length(parent_hash) = 32),
            first_seq INTEGER NOT NULL UNIQUE REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            entry_count INTEGER NOT NULL CHECK (entry_count > 0),
            time INTEGER NOT NULL,
            logs_bloom BLOB NOT NULL CHECK (length(logs_bloom) = 256)
        ) STRICT;
        CREATE TRIGGER blocks_no_update BEFORE UPDATE ON blocks
            BEGIN SELECT RAISE(ABORT, 'blocks are append-only: UPDATE refused'); END;
        CREATE TRIGGER blocks_no_delete BEFORE DELETE ON blocks
            BEGIN SELECT RAISE(ABORT, 'blocks are append-only: DELETE refused'); END;
        CREATE TABLE transactions (
            hash BLOB PRIMARY KEY CHECK (length(hash) = 32),
            seq INTEGER NOT NULL,
            status INTEGER NOT NULL CHECK (status IN (0, 1))
        ) STRICT, WITHOUT ROWID;
        CREATE TRIGGER transactions_no_update BEFORE UPDATE ON transactions
            BEGIN SELECT RAISE(ABORT, 'transactions are append-only: UPDATE refused'); END;
        CREATE TRIGGER transactions_no_delete BEFORE DELETE ON transactions
            BEGIN SELECT RAISE(ABORT, 'transactions are append-only: DELETE refused'); END;
        """

    /// Issue 5: certificates. Lots, parts, cancellations and settings are kept whole as canonical JSON
    /// (read back into the ledger's state, never queried by field); the columns beside them are keys.
    /// The GO carry and the pending GC hours change with every reading of their device, so they are plain
    /// columns (JSON cost more than the reading): a carry's reading ids are appended one row each (it may
    /// hold hundreds before its MWh is whole; rewriting them per reading was the bottleneck), a pending
    /// hour's few ids sit in a BLOB, and `covered` is `meter=seconds` pairs joined by `,` (meter ids cannot
    /// hold either character).
    ///
    /// - Lots and parts are upserted (a lot's status, a part's remaining volume change); cancellations
    ///   are append-only. Pending GC hours are deleted when their lot is issued.
    /// - `beneficiary_openings` is NOT a projection of the journal: it holds the personal data behind each
    ///   cancellation's commitment, written in the same transaction as the cancellation entry, and may be
    ///   erased (DELETE) without touching the log. It refuses UPDATE: an opening is never rewritten.
    static let schemaV4Certificates = """
        CREATE TABLE cert_config (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            record TEXT NOT NULL
        ) STRICT;
        CREATE TABLE cert_policies (
            device TEXT PRIMARY KEY,
            record TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE cert_carries (
            device TEXT PRIMARY KEY,
            generation INTEGER NOT NULL CHECK (generation >= 0),
            energy_wh INTEGER NOT NULL CHECK (energy_wh >= 0 AND energy_wh < 1000000),
            period_start INTEGER NOT NULL,
            period_end INTEGER NOT NULL,
            reading_count INTEGER NOT NULL CHECK (reading_count >= 0)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE cert_carry_readings (
            device TEXT NOT NULL,
            position INTEGER NOT NULL CHECK (position >= 0),
            reading_id BLOB NOT NULL CHECK (length(reading_id) = 32),
            PRIMARY KEY (device, position)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE cert_pending_hours (
            device TEXT NOT NULL,
            hour_start INTEGER NOT NULL CHECK (hour_start % 3600 = 0),
            energy_wh INTEGER NOT NULL CHECK (energy_wh >= 0),
            covered TEXT NOT NULL,
            reading_ids BLOB NOT NULL CHECK (length(reading_ids) % 32 = 0),
            PRIMARY KEY (device, hour_start)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE cert_lots (
            id TEXT PRIMARY KEY,
            scheme TEXT NOT NULL CHECK (scheme IN ('GO', 'GC')),
            device TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'expired', 'withdrawn')),
            record TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TRIGGER cert_lots_no_delete BEFORE DELETE ON cert_lots
            BEGIN SELECT RAISE(ABORT, 'lots are never deleted'); END;
        CREATE TABLE cert_parts (
            id TEXT PRIMARY KEY,
            lot TEXT NOT NULL REFERENCES cert_lots(id) DEFERRABLE INITIALLY DEFERRED,
            owner BLOB NOT NULL CHECK (length(owner) = 20),
            volume_wh INTEGER NOT NULL CHECK (volume_wh >= 0),
            record TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX cert_parts_by_owner ON cert_parts (owner);
        CREATE TRIGGER cert_parts_no_delete BEFORE DELETE ON cert_parts
            BEGIN SELECT RAISE(ABORT, 'certificate parts are never deleted'); END;
        CREATE TABLE cert_cancellations (
            seq INTEGER PRIMARY KEY REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            holder BLOB NOT NULL CHECK (length(holder) = 20),
            record TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER cert_cancellations_no_update BEFORE UPDATE ON cert_cancellations
            BEGIN SELECT RAISE(ABORT, 'cancellations are append-only: UPDATE refused'); END;
        CREATE TRIGGER cert_cancellations_no_delete BEFORE DELETE ON cert_cancellations
            BEGIN SELECT RAISE(ABORT, 'cancellations are append-only: DELETE refused'); END;
        CREATE TABLE beneficiary_openings (
            seq INTEGER PRIMARY KEY REFERENCES cert_cancellations(seq) DEFERRABLE INITIALLY DEFERRED,
            salt BLOB NOT NULL CHECK (length(salt) = 32),
            name TEXT NOT NULL CHECK (name <> ''),
            address TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER beneficiary_openings_no_update BEFORE UPDATE ON beneficiary_openings
            BEGIN SELECT RAISE(ABORT, 'an opening is never rewritten (erase it with DELETE)'); END;
        """

    /// Issue 8: witnesses' co-signatures of checkpoints (`Cosignature`), one per witness and tree size.
    /// The server verifies each before storing it; they are kept for anyone to fetch and re-verify.
    static let schemaV5Cosignatures = """
        CREATE TABLE cosignatures (
            tree_size INTEGER NOT NULL REFERENCES checkpoints(tree_size),
            witness BLOB NOT NULL CHECK (length(witness) = 20),
            timestamp INTEGER NOT NULL CHECK (timestamp >= 0),
            signature BLOB NOT NULL CHECK (length(signature) = 65),
            PRIMARY KEY (tree_size, witness)
        ) STRICT, WITHOUT ROWID;
        """
}
