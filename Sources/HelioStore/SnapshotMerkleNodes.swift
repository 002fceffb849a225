import GRDB
import HelioLog

/// A read-only `MerkleNodeStore` over ONE open database access (a read snapshot or the write
/// transaction), answering for a fixed number of leaves.
///
/// Valid only inside the GRDB closure that supplied `db`: never let it escape. Every node read is a
/// cached-statement lookup on that connection (≈ 1–2 µs), not a pool access, which is why proofs and
/// checkpoint checks go through it.
struct SnapshotMerkleNodes: MerkleNodeStore {
    let db: Database
    let leaves: UInt64

    init(db: Database, leafCount: UInt64) {
        self.db = db
        self.leaves = leafCount
    }

    func leafCount() -> UInt64 { leaves }

    func node(level: Int, index: UInt64) throws -> [UInt8]? {
        guard (0...63).contains(level), let idx = Int64(exactly: index) else { return nil }
        return try SQLiteLedgerStore.merkleNode(db, level: level, index: idx)
    }

    func append(leafIndex: UInt64, frozenNodes: [[UInt8]]) throws {
        throw StoreError(.readOnly, "a snapshot of the Merkle nodes is read-only")
    }
}
