import Foundation
import GRDB
import HelioCrypto
import HelioLedger

extension SQLiteLedgerStore {
    /// The projections as a `LedgerState`, read in ONE transaction (so from one snapshot: whole batches).
    /// No replay: this is the fast start path; `helio replay` checks it against the journal.
    public func loadState() throws -> LedgerState {
        try withStoreErrors("load the ledger state") {
            try pool.read { db in
                LedgerState.restore(
                    assets: try Self.assets(db), balances: try Self.balances(db),
                    allowances: try Self.allowances(db), nonces: try Self.nonces(db),
                    registry: try Self.registry(db), certificates: try Self.certificates(db))
            }
        }
    }

    /// The projections and the journal size, from one read transaction.
    public func loadSnapshot() throws -> (state: LedgerState, size: UInt64) {
        try withStoreErrors("load the ledger state") {
            try pool.read { db in
                let state = LedgerState.restore(
                    assets: try Self.assets(db), balances: try Self.balances(db),
                    allowances: try Self.allowances(db), nonces: try Self.nonces(db),
                    registry: try Self.registry(db), certificates: try Self.certificates(db))
                return (state, try Self.journalSize(db))
            }
        }
    }

    static func assets(_ db: Database) throws -> [Asset] {
        var minters: [Data: [Address]] = [:]
        let minterRows = try Row.fetchCursor(
            db, sql: "SELECT asset, minter FROM asset_minters ORDER BY asset, position")
        while let row = try minterRows.next() {
            minters[row[0], default: []].append(try Column.address(row[1], "minter"))
        }
        var assets: [Asset] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, token_address, issuer, name, symbol, decimals, definition_sha256, genesis_seq, total_supply
                FROM assets
                """)
        while let row = try rows.next() {
            let id: Data = row[0]
            let decimals: Int64 = row[5]
            guard let decimals = UInt8(exactly: decimals) else {
                throw StoreError(.corrupt, "stored decimals \(decimals) do not fit a byte")
            }
            assets.append(
                Asset(
                    id: try Column.assetID(id), tokenAddress: try Column.address(row[1], "token address"),
                    issuer: try Column.address(row[2], "issuer"), name: row[3], symbol: row[4], decimals: decimals,
                    minters: minters[id] ?? [], definitionSHA256: row[6],
                    genesisEntry: try Column.uint64(row[7], "genesis entry"),
                    totalSupply: try Column.amount(row[8], "total supply")))
        }
        return assets
    }

    static func balances(_ db: Database) throws -> [HoldingKey: UInt256] {
        var balances: [HoldingKey: UInt256] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT asset, account, amount FROM balances")
        while let row = try rows.next() {
            let key = HoldingKey(try Column.assetID(row[0]), try Column.address(row[1], "account"))
            balances[key] = try Column.amount(row[2], "balance")
        }
        return balances
    }

    static func allowances(_ db: Database) throws -> [AllowanceKey: UInt256] {
        var allowances: [AllowanceKey: UInt256] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT asset, owner, spender, amount FROM allowances")
        while let row = try rows.next() {
            let key = AllowanceKey(
                try Column.assetID(row[0]), try Column.address(row[1], "owner"), try Column.address(row[2], "spender"))
            allowances[key] = try Column.amount(row[3], "allowance")
        }
        return allowances
    }

    static func nonces(_ db: Database) throws -> [Address: UInt64] {
        var nonces: [Address: UInt64] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT account, next_nonce FROM nonces")
        while let row = try rows.next() {
            nonces[try Column.address(row[0], "account")] = try Column.uint64(row[1], "nonce")
        }
        return nonces
    }
}
