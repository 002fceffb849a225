import Foundation
import GRDB
import HelioCrypto
import HelioLog

extension SQLiteLedgerStore {
    /// Stores a signed checkpoint, in its canonical text form.
    ///
    /// Idempotent per tree size: the first checkpoint stored for a size stays (a later one for the same
    /// size is ignored), like every other row of the log. Refused with `.constraint` when the tree size is
    /// beyond the journal or the root differs from the root of the stored Merkle nodes at that size, so the
    /// store never serves a checkpoint its own log contradicts. The signature is not checked here.
    public func saveCheckpoint(_ signed: SignedCheckpoint) throws {
        let checkpoint = signed.checkpoint
        let treeSize = try Column.int64(checkpoint.treeSize, "checkpoint tree size")
        try withStoreErrors("save the checkpoint of tree size \(checkpoint.treeSize)") {
            try pool.write { db in
                let size = try Self.journalSize(db)
                guard checkpoint.treeSize <= size else {
                    throw StoreError(
                        .constraint, "checkpoint of tree size \(checkpoint.treeSize) but the journal holds \(size)")
                }
                let tree = try MerkleTree(store: SnapshotMerkleNodes(db: db, leafCount: checkpoint.treeSize))
                guard tree.root == checkpoint.rootHash else {
                    throw StoreError(
                        .constraint, "checkpoint root at tree size \(checkpoint.treeSize) differs from the journal's")
                }
                try db.execute(
                    sql: """
                        INSERT INTO checkpoints (tree_size, text, root, timestamp) VALUES (?, ?, ?, ?)
                        ON CONFLICT (tree_size) DO NOTHING
                        """,
                    arguments: [treeSize, signed.text, Data(checkpoint.rootHash), checkpoint.timestamp])
            }
        }
    }

    public func checkpoints() throws -> [SignedCheckpoint] {
        let texts = try withStoreErrors("read the checkpoints") {
            try pool.read { db in try String.fetchAll(db, sql: "SELECT text FROM checkpoints ORDER BY tree_size") }
        }
        return try texts.map(Self.parseCheckpoint)
    }

    public func latestCheckpoint() throws -> SignedCheckpoint? {
        let text = try withStoreErrors("read the latest checkpoint") {
            try pool.read { db in
                try String.fetchOne(db, sql: "SELECT text FROM checkpoints ORDER BY tree_size DESC LIMIT 1")
            }
        }
        return try text.map(Self.parseCheckpoint)
    }

    static func parseCheckpoint(_ text: String) throws(StoreError) -> SignedCheckpoint {
        do { return try SignedCheckpoint(text: text) } catch {
            throw StoreError(.corrupt, "stored checkpoint does not parse: \(error)")
        }
    }

    public func setting(_ key: String) throws -> String? {
        try withStoreErrors("read setting \(key)") {
            try pool.read { db in
                try String.fetchOne(
                    db.cachedStatement(sql: "SELECT value FROM settings WHERE key = ?"), arguments: [key])
            }
        }
    }

    public func setSetting(_ key: String, _ value: String) throws {
        try withStoreErrors("write setting \(key)") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO settings (key, value) VALUES (?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value
                        """,
                    arguments: [key, value])
            }
        }
    }

    public func saveCosignature(_ cosignature: Cosignature) throws {
        let treeSize = try Column.int64(cosignature.treeSize, "checkpoint tree size")
        try withStoreErrors("save a co-signature of tree size \(cosignature.treeSize)") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO cosignatures (tree_size, witness, timestamp, signature) VALUES (?, ?, ?, ?)
                        ON CONFLICT (tree_size, witness) DO NOTHING
                        """,
                    arguments: [
                        treeSize, Data(cosignature.witness.rawValue), cosignature.timestamp,
                        Data(cosignature.signature.bytes),
                    ])
            }
        }
    }

    public func cosignatures(treeSize: UInt64) throws -> [Cosignature] {
        guard let size = Int64(exactly: treeSize) else { return [] }
        let rows = try withStoreErrors("read the co-signatures of tree size \(treeSize)") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT witness, timestamp, signature FROM cosignatures WHERE tree_size = ? ORDER BY witness",
                    arguments: [size])
            }
        }
        return try rows.map { row in
            try Self.cosignature(
                treeSize: treeSize, witness: Self.bytes(row, 0), timestamp: row[1], signature: Self.bytes(row, 2))
        }
    }

    static func cosignature(
        treeSize: UInt64, witness: [UInt8], timestamp: Int64, signature: [UInt8]
    ) throws(StoreError) -> Cosignature {
        do {
            return Cosignature(
                treeSize: treeSize, witness: try Column.address(witness, "witness"), timestamp: timestamp,
                signature: try Secp256k1.Signature(bytes: signature))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corrupt, "a stored co-signature does not parse: \(error)")
        }
    }
}
