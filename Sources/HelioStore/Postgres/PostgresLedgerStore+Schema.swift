import Foundation
import PostgresNIO

extension PostgresLedgerStore {
    /// The schema's history, like SQLite's: append-only, a shipped migration is never edited, a change is a
    /// new version. Applied in one transaction under an advisory lock, so nodes starting together migrate
    /// once. The log tables (journal, Merkle nodes, blocks, transactions, events, checkpoints, settings,
    /// openings) are SQLite's, column for column, with PostgreSQL types; the projections are keyed records
    /// (`ProjectionRecord`).
    static let migrations: [(version: String, sql: String)] = [
        ("pg-v1", schemaV1),
        ("pg-v2-cosignatures", cosignatureSchema),
    ]

    static func migrate(_ connection: PostgresConnection) throws {
        do {
            _ = try connection.run("BEGIN")
            _ = try connection.run("SELECT pg_advisory_xact_lock(\(leaseKey + 1))")
            _ = try connection.run(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            var applied: Set<String> = []
            for row in try connection.run("SELECT version FROM schema_migrations").rows {
                applied.insert(try row.decode(String.self))
            }
            for (version, sql) in migrations where !applied.contains(version) {
                for statement in statements(sql) { _ = try connection.run(PostgresQuery(unsafeSQL: statement)) }
                _ = try connection.run("INSERT INTO schema_migrations (version) VALUES (\(version))")
            }
            _ = try connection.run("COMMIT")
        } catch {
            _ = try? connection.run("ROLLBACK")
            throw storeError(error, "migrate the PostgreSQL schema")
        }
    }

    /// A script cut into statements at each `;` outside `$$` quoting (one statement per prepared query).
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quoted = false
        var rest = Substring(script)
        while let c = rest.first {
            if rest.hasPrefix("$$") {
                quoted.toggle()
                current += "$$"
                rest = rest.dropFirst(2)
                continue
            }
            rest = rest.dropFirst()
            if c == ";" && !quoted {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            } else {
                current.append(c)
            }
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { statements.append(last) }
        return statements
    }

    /// - `journal`: SQLite's, with `prev_seq` a deferred reference to the entry before (no gaps).
    /// - `journal_head`: ONE row, (size, last leaf hash). Every commit moves it from the values its writer
    ///   saw to the new ones in the same transaction; a stale writer matches no row and rolls back.
    /// - `helio_refuse()` is the append-only guard: UPDATE, DELETE and TRUNCATE of the log are refused.
    static let schemaV1 = """
        CREATE FUNCTION helio_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
        END $$;

        CREATE TABLE journal (
            seq BIGINT PRIMARY KEY CHECK (seq >= 0),
            prev_seq BIGINT REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED
                CHECK (CASE WHEN seq = 0 THEN prev_seq IS NULL ELSE prev_seq IS NOT DISTINCT FROM seq - 1 END),
            kind TEXT NOT NULL CHECK (kind <> ''),
            payload BYTEA NOT NULL,
            author BYTEA NOT NULL CHECK (length(author) = 20),
            leaf_hash BYTEA NOT NULL CHECK (length(leaf_hash) = 32),
            time BIGINT NOT NULL
        );
        CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
            FOR EACH ROW EXECUTE FUNCTION helio_refuse();
        CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
            FOR EACH STATEMENT EXECUTE FUNCTION helio_refuse();

        CREATE TABLE journal_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            size BIGINT NOT NULL CHECK (size >= 0),
            leaf_hash BYTEA NOT NULL CHECK (length(leaf_hash) IN (0, 32))
        );
        INSERT INTO journal_head (id, size, leaf_hash) VALUES (1, 0, '\\x');

        CREATE TABLE merkle_nodes (
            level SMALLINT NOT NULL CHECK (level BETWEEN 1 AND 63),
            idx BIGINT NOT NULL CHECK (idx >= 0),
            hash BYTEA NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        );
        CREATE TRIGGER merkle_nodes_append_only BEFORE UPDATE OR DELETE ON merkle_nodes
            FOR EACH ROW EXECUTE FUNCTION helio_refuse();

        CREATE TABLE projections (
            kind TEXT NOT NULL CHECK (kind <> ''),
            key BYTEA NOT NULL,
            record BYTEA NOT NULL,
            seq BIGINT NOT NULL REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (kind, key)
        );
        CREATE TRIGGER projections_history_append_only BEFORE UPDATE OR DELETE ON projections
            FOR EACH ROW WHEN (OLD.kind IN ('attestation', 'issuance', 'cert_cancellation'))
            EXECUTE FUNCTION helio_refuse();

        CREATE TABLE events (
            seq BIGINT NOT NULL REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL CHECK (position >= 0),
            kind TEXT NOT NULL CHECK (kind IN ('Transfer', 'Approval', 'AssetDefined')),
            asset BYTEA NOT NULL CHECK (length(asset) = 20),
            topic1 BYTEA NOT NULL CHECK (length(topic1) = 20),
            topic2 BYTEA NOT NULL CHECK (length(topic2) = 20),
            payload BYTEA NOT NULL CHECK (kind = 'AssetDefined' OR length(payload) = 32),
            PRIMARY KEY (seq, position)
        );

        CREATE TABLE blocks (
            number BIGINT PRIMARY KEY CHECK (number >= 0),
            hash BYTEA NOT NULL UNIQUE CHECK (length(hash) = 32),
            parent_hash BYTEA NOT NULL CHECK (length(parent_hash) = 32),
            first_seq BIGINT NOT NULL UNIQUE REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            entry_count BIGINT NOT NULL CHECK (entry_count > 0),
            time BIGINT NOT NULL,
            logs_bloom BYTEA NOT NULL CHECK (length(logs_bloom) = 256)
        );
        CREATE TRIGGER blocks_append_only BEFORE UPDATE OR DELETE ON blocks
            FOR EACH ROW EXECUTE FUNCTION helio_refuse();

        CREATE TABLE transactions (
            hash BYTEA PRIMARY KEY CHECK (length(hash) = 32),
            seq BIGINT NOT NULL,
            status SMALLINT NOT NULL CHECK (status IN (0, 1))
        );
        CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions
            FOR EACH ROW EXECUTE FUNCTION helio_refuse();

        CREATE TABLE checkpoints (
            tree_size BIGINT PRIMARY KEY CHECK (tree_size >= 0),
            text TEXT NOT NULL,
            root BYTEA NOT NULL CHECK (length(root) = 32),
            timestamp BIGINT NOT NULL CHECK (timestamp >= 0)
        );

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE beneficiary_openings (
            seq BIGINT PRIMARY KEY REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED,
            salt BYTEA NOT NULL CHECK (length(salt) = 32),
            name TEXT NOT NULL CHECK (name <> ''),
            address TEXT NOT NULL
        );
        CREATE TRIGGER beneficiary_openings_no_update BEFORE UPDATE ON beneficiary_openings
            FOR EACH ROW EXECUTE FUNCTION helio_refuse();
        """

    /// Witnesses' co-signatures of checkpoints (SQLite's v5 is the same table).
    static let cosignatureSchema = """
        CREATE TABLE cosignatures (
            tree_size BIGINT NOT NULL REFERENCES checkpoints(tree_size),
            witness BYTEA NOT NULL CHECK (length(witness) = 20),
            timestamp BIGINT NOT NULL CHECK (timestamp >= 0),
            signature BYTEA NOT NULL CHECK (length(signature) = 65),
            PRIMARY KEY (tree_size, witness)
        );
        """
}
