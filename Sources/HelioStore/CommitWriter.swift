import Foundation
import GRDB
import HelioLedger

/// Writes the rows of one batch inside the caller's transaction, with cached prepared statements.
///
/// The hot path of the store: per simple transfer one journal row, about one Merkle node, two balance
/// upserts, one nonce upsert and one event. Prepared statements with positional arguments, not Codable
/// records, which cost about three times as much per row (swift-on-this-machine.md).
struct CommitWriter {
    private let db: Database
    private let journal: Statement
    private let node: Statement
    private let asset: Statement
    private let minter: Statement
    private let supply: Statement
    private let balanceUpsert: Statement
    private let balanceDelete: Statement
    private let allowanceUpsert: Statement
    private let allowanceDelete: Statement
    private let nonce: Statement
    private let event: Statement

    init(_ db: Database) throws {
        self.db = db
        journal = try db.cachedStatement(
            sql: "INSERT INTO journal (seq, kind, payload, author, leaf_hash, time) VALUES (?, ?, ?, ?, ?, ?)")
        node = try db.cachedStatement(sql: "INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")
        asset = try db.cachedStatement(
            sql: """
                INSERT INTO assets (id, token_address, issuer, name, symbol, decimals, definition_sha256, \
                genesis_seq, total_supply) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        minter = try db.cachedStatement(sql: "INSERT INTO asset_minters (asset, position, minter) VALUES (?, ?, ?)")
        supply = try db.cachedStatement(sql: "UPDATE assets SET total_supply = ? WHERE id = ?")
        balanceUpsert = try db.cachedStatement(
            sql: """
                INSERT INTO balances (asset, account, amount) VALUES (?, ?, ?)
                ON CONFLICT (asset, account) DO UPDATE SET amount = excluded.amount
                """)
        balanceDelete = try db.cachedStatement(sql: "DELETE FROM balances WHERE asset = ? AND account = ?")
        allowanceUpsert = try db.cachedStatement(
            sql: """
                INSERT INTO allowances (asset, owner, spender, amount) VALUES (?, ?, ?, ?)
                ON CONFLICT (asset, owner, spender) DO UPDATE SET amount = excluded.amount
                """)
        allowanceDelete = try db.cachedStatement(
            sql: "DELETE FROM allowances WHERE asset = ? AND owner = ? AND spender = ?")
        nonce = try db.cachedStatement(
            sql: """
                INSERT INTO nonces (account, next_nonce) VALUES (?, ?)
                ON CONFLICT (account) DO UPDATE SET next_nonce = excluded.next_nonce
                """)
        event = try db.cachedStatement(
            sql: "INSERT INTO events (seq, position, kind, asset, topic1, topic2, payload) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
    }

    /// The journal row, then the entry's state changes in order, then its events.
    func append(_ committed: CommittedEntry) throws {
        let entry = committed.entry
        let seq = try Column.int64(entry.index, "entry index")
        try journal.execute(arguments: [
            seq, entry.kind, Data(entry.payload), Data(entry.author.rawValue), Data(committed.leafHash), entry.time,
        ])
        for change in committed.outcome.changes { try apply(change) }
        for (position, ledgerEvent) in committed.outcome.events.enumerated() {
            let row = EventRow(ledgerEvent)
            try event.execute(arguments: [seq, position, row.kind, row.asset, row.topic1, row.topic2, row.payload])
        }
    }

    /// A frozen Merkle node of level ≥ 1.
    func insert(_ merkleNode: MerkleNode) throws {
        let index = try Column.int64(merkleNode.index, "Merkle node index")
        try node.execute(arguments: [merkleNode.level, index, Data(merkleNode.hash)])
    }

    private func apply(_ change: StateChange) throws {
        switch change {
        case .asset(let a):
            try asset.execute(arguments: [
                Data(a.id.hash), Data(a.tokenAddress.rawValue), Data(a.issuer.rawValue), a.name, a.symbol,
                Int(a.decimals), a.definitionSHA256, try Column.int64(a.genesisEntry, "genesis entry"),
                Data(a.totalSupply.bigEndianBytes),
            ])
            for (position, address) in a.minters.enumerated() {
                try minter.execute(arguments: [Data(a.id.hash), position, Data(address.rawValue)])
            }
        case .supply(let id, let total):
            try supply.execute(arguments: [Data(total.bigEndianBytes), Data(id.hash)])
            guard db.changesCount == 1 else {
                throw StoreError(.constraint, "supply change for asset \(id), which is not stored")
            }
        case .balance(let id, let account, let amount) where amount.isZero:
            try balanceDelete.execute(arguments: [Data(id.hash), Data(account.rawValue)])
        case .balance(let id, let account, let amount):
            try balanceUpsert.execute(arguments: [Data(id.hash), Data(account.rawValue), Data(amount.bigEndianBytes)])
        case .allowance(let id, let owner, let spender, let amount) where amount.isZero:
            try allowanceDelete.execute(arguments: [Data(id.hash), Data(owner.rawValue), Data(spender.rawValue)])
        case .allowance(let id, let owner, let spender, let amount):
            try allowanceUpsert.execute(arguments: [
                Data(id.hash), Data(owner.rawValue), Data(spender.rawValue), Data(amount.bigEndianBytes),
            ])
        case .nonce(let account, let next):
            try nonce.execute(arguments: [Data(account.rawValue), try Column.int64(next, "nonce")])
        }
    }
}
