import GRDB
import HelioLedger

/// Writes one batch inside the caller's transaction: the hot path of the store.
///
/// A simple transfer adds one journal row, about one Merkle node, two balances, one nonce and one event.
/// The writer first collects the batch (journal rows, nodes, events in order; projection changes
/// coalesced per key by `ProjectionDelta`), then writes table by table with multi-row statements
/// (`ChunkedStatement`) bound through the C API (`RawStatement`). Parents before children: journal,
/// Merkle nodes, assets, supplies, balances, allowances, nonces, events. Codable records would cost
/// ≈ 3× per row (swift-on-this-machine.md).
///
/// All or nothing, and SQLite is told so: statements say `OR ROLLBACK` (a violated CHECK, UNIQUE or
/// NOT NULL rolls back the whole transaction) and foreign keys are DEFERRABLE INITIALLY DEFERRED
/// (checked at COMMIT). SQLite then needs no statement journal to undo half a statement — with plain
/// ABORT semantics it copied every already-dirty page a multi-row statement touched, and spilled those
/// copies to a temporary file (measured: ≈ 15 % of commit time).
struct CommitWriter {
    let db: Database
    private var entries: [CommittedEntry] = []
    private var nodes: [MerkleNode] = []
    private var events: [(seq: Int64, position: Int, row: EventRow)] = []
    private var transactions: [(hash: [UInt8], seq: Int64, status: Int)] = []
    var delta = ProjectionDelta()

    init(_ db: Database) {
        self.db = db
    }

    mutating func add(_ committed: CommittedEntry) throws {
        let seq = try Column.int64(committed.entry.index, "entry index")
        entries.append(committed)
        transactions.append(
            (
                committed.entry.transactionHash(leafHash: committed.leafHash), seq,
                committed.outcome.failure == nil ? 1 : 0
            ))
        for change in committed.outcome.changes { delta.record(change) }
        for (position, event) in committed.outcome.events.enumerated() {
            events.append((seq, position, EventRow(event)))
        }
    }

    /// A frozen Merkle node of level ≥ 1.
    mutating func add(_ node: MerkleNode) {
        nodes.append(node)
    }

    /// Writes everything collected.
    func write() throws {
        try writeLog()
        try writeAssets()
        try writeHoldings()
        try writeRegistrations()
        try writeReadings()
        try writeCertificates()
        try writeOpenings(entries)
        let event = try ChunkedStatement(
            db, "INSERT OR ROLLBACK INTO events (seq, position, kind, asset, topic1, topic2, payload) VALUES",
            columns: 7)
        try event.write(events) { statement, at, event in
            statement.bind(at, event.seq)
            statement.bind(at + 1, event.position)
            statement.bind(at + 2, event.row.kind)
            statement.bind(at + 3, event.row.asset)
            statement.bind(at + 4, event.row.topic1)
            statement.bind(at + 5, event.row.topic2)
            statement.bind(at + 6, event.row.payload)
        }
        let transaction = try ChunkedStatement(
            db, "INSERT OR ROLLBACK INTO transactions (hash, seq, status) VALUES", columns: 3)
        try transaction.write(transactions) { statement, at, row in
            statement.bind(at, row.hash)
            statement.bind(at + 1, row.seq)
            statement.bind(at + 2, row.status)
        }
    }

    private func writeLog() throws {
        let journal = try ChunkedStatement(
            db, "INSERT OR ROLLBACK INTO journal (seq, prev_seq, kind, payload, author, leaf_hash, time) VALUES",
            columns: 7)
        try journal.write(entries) { statement, at, committed in
            let entry = committed.entry
            let seq = Int64(entry.index)  // checked by `add`
            statement.bind(at, seq)
            if seq == 0 { statement.bindNull(at + 1) } else { statement.bind(at + 1, seq - 1) }
            statement.bind(at + 2, entry.kind)
            statement.bind(at + 3, entry.payload)
            statement.bind(at + 4, entry.author.rawValue)
            statement.bind(at + 5, committed.leafHash)
            statement.bind(at + 6, entry.time)
        }
        let node = try ChunkedStatement(
            db, "INSERT OR ROLLBACK INTO merkle_nodes (level, idx, hash) VALUES", columns: 3)
        try node.write(nodes) { statement, at, node in
            statement.bind(at, node.level)
            statement.bind(at + 1, try Column.int64(node.index, "Merkle node index"))
            statement.bind(at + 2, node.hash)
        }
    }

    private func writeAssets() throws {
        for asset in delta.assets {
            let insert = try RawStatement(
                db,
                """
                INSERT OR ROLLBACK INTO assets (id, token_address, issuer, name, symbol, decimals, definition_sha256, \
                genesis_seq, total_supply) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
            insert.bind(1, asset.id.hash)
            insert.bind(2, asset.tokenAddress.rawValue)
            insert.bind(3, asset.issuer.rawValue)
            insert.bind(4, asset.name)
            insert.bind(5, asset.symbol)
            insert.bind(6, Int(asset.decimals))
            insert.bind(7, asset.definitionSHA256)
            insert.bind(8, try Column.int64(asset.genesisEntry, "genesis entry"))
            insert.bind(9, asset.totalSupply.bigEndianBytes)
            try insert.run()
            let minter = try RawStatement(
                db, "INSERT OR ROLLBACK INTO asset_minters (asset, position, minter) VALUES (?1, ?2, ?3)")
            for (position, address) in asset.minters.enumerated() {
                minter.bind(1, asset.id.hash)
                minter.bind(2, position)
                minter.bind(3, address.rawValue)
                try minter.run()
            }
        }
        let supply = try RawStatement(db, "UPDATE OR ROLLBACK assets SET total_supply = ?2 WHERE id = ?1")
        for (asset, total) in delta.supplies {
            supply.bind(1, asset.bytes)
            supply.bind(2, total.bigEndianBytes)
            try supply.run()
            guard db.changesCount == 1 else {
                throw StoreError(.constraint, "supply change for an asset that is not stored: \(asset.bytes)")
            }
        }
    }

    /// Balances, allowances and nonces: zero amounts delete, others upsert; keys in order, so the B-tree
    /// is walked left to right once rather than hit at random.
    private func writeHoldings() throws {
        let balances = delta.balances.sorted { $0.key < $1.key }
        let deleteBalance = try RawStatement(db, "DELETE FROM balances WHERE asset = ?1 AND account = ?2")
        for (key, amount) in balances where amount.isZero {
            deleteBalance.bind(1, key.column(0))
            deleteBalance.bind(2, key.column(1))
            try deleteBalance.run()
        }
        let balance = try ChunkedStatement(
            db, "INSERT OR ROLLBACK INTO balances (asset, account, amount) VALUES", columns: 3,
            tail: "ON CONFLICT (asset, account) DO UPDATE SET amount = excluded.amount")
        try balance.write(balances.filter { !$0.value.isZero }) { statement, at, item in
            statement.bind(at, item.key.column(0))
            statement.bind(at + 1, item.key.column(1))
            statement.bind(at + 2, item.value.bigEndianBytes)
        }

        let allowances = delta.allowances.sorted { $0.key < $1.key }
        let deleteAllowance = try RawStatement(
            db, "DELETE FROM allowances WHERE asset = ?1 AND owner = ?2 AND spender = ?3")
        for (key, amount) in allowances where amount.isZero {
            deleteAllowance.bind(1, key.column(0))
            deleteAllowance.bind(2, key.column(1))
            deleteAllowance.bind(3, key.column(2))
            try deleteAllowance.run()
        }
        let allowance = try ChunkedStatement(
            db, "INSERT OR ROLLBACK INTO allowances (asset, owner, spender, amount) VALUES", columns: 4,
            tail: "ON CONFLICT (asset, owner, spender) DO UPDATE SET amount = excluded.amount")
        try allowance.write(allowances.filter { !$0.value.isZero }) { statement, at, item in
            statement.bind(at, item.key.column(0))
            statement.bind(at + 1, item.key.column(1))
            statement.bind(at + 2, item.key.column(2))
            statement.bind(at + 3, item.value.bigEndianBytes)
        }

        let nonce = try ChunkedStatement(
            db, "INSERT OR ROLLBACK INTO nonces (account, next_nonce) VALUES", columns: 2,
            tail: "ON CONFLICT (account) DO UPDATE SET next_nonce = excluded.next_nonce")
        try nonce.write(delta.nonces.sorted { $0.key < $1.key }) { statement, at, item in
            statement.bind(at, item.key.bytes)
            statement.bind(at + 1, try Column.int64(item.value, "nonce"))
        }
    }
}
