import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore

/// Rebuilds and checks a registry from its journal alone: what `helio replay` and `helio log verify`
/// run, and what an independent auditor would run on a copy of the database.
public enum Auditor {
    public struct ReplayReport: Sendable {
        public let entries: UInt64
        public let replayedDigest: [UInt8]
        public let storedDigest: [UInt8]
        public var matches: Bool { replayedDigest == storedDigest }
    }

    public struct LogReport: Sendable {
        public let entries: UInt64
        public let root: [UInt8]
        public let checkpointsVerified: Int
        public let problems: [String]
        public var ok: Bool { problems.isEmpty }
    }

    /// Re-verifies every entry's signature, re-applies it to an empty state, and compares the digest
    /// of the result with the digest of the stored projections. Throws on the first entry that does
    /// not replay (bad signature, author mismatch, refused command).
    public static func replay(
        store: any LedgerStore, domain: CommandDomain, pageSize: Int = 10_000
    ) throws
        -> ReplayReport
    {
        // The stored state and the size it reflects come from one snapshot: other registry nodes may
        // append meanwhile (PostgreSQL), and the replay stops where the snapshot did.
        let (stored, size) = try store.loadSnapshot()
        var state = LedgerState()
        var next: UInt64 = 0
        while next < size {
            let page = try store.entries(from: next, limit: Int(min(UInt64(pageSize), size - next)))
            if page.isEmpty { throw StoreError(.corrupt, "the journal ends at \(next), its head says \(size)") }
            for (entry, _) in page {
                guard entry.index == next else {
                    throw StoreError(.corrupt, "journal index \(entry.index) where \(next) was expected")
                }
                _ = try JournalReplay.apply(entry, domain: domain, to: &state)
                next += 1
            }
        }
        return ReplayReport(entries: next, replayedDigest: state.digest, storedDigest: stored.digest)
    }

    /// Recomputes every leaf hash from the entry bytes, the root from the leaves, compares them with the
    /// stored Merkle nodes, and checks every checkpoint: its signature (by `checkpointSigner` when
    /// given) and its root against the recomputed root at its size.
    public static func verifyLog(
        store: any LedgerStore, checkpointSigner: Address?, pageSize: Int = 10_000
    ) throws
        -> LogReport
    {
        var problems: [String] = []
        var recomputed = InMemoryMerkleTree()
        let checkpoints = try store.checkpoints()
        var pendingCheckpoints = checkpoints.sorted { $0.checkpoint.treeSize < $1.checkpoint.treeSize }[...]
        var verified = 0
        func checkCheckpoints(upTo size: UInt64) throws {
            while let cp = pendingCheckpoints.first, cp.checkpoint.treeSize <= size {
                pendingCheckpoints.removeFirst()
                let root = try recomputed.root(atSize: cp.checkpoint.treeSize)
                if root != cp.checkpoint.rootHash {
                    problems.append("checkpoint at size \(cp.checkpoint.treeSize): root differs from the journal's")
                } else if let signer = checkpointSigner, !cp.verify(expectedSigner: signer) {
                    problems.append("checkpoint at size \(cp.checkpoint.treeSize): not signed by \(signer)")
                } else if (try? cp.signer()) == nil {
                    problems.append("checkpoint at size \(cp.checkpoint.treeSize): signature does not recover")
                } else {
                    verified += 1
                }
            }
        }
        try checkCheckpoints(upTo: 0)
        var next: UInt64 = 0
        while true {
            let page = try store.entries(from: next, limit: pageSize)
            if page.isEmpty { break }
            for (entry, storedLeaf) in page {
                let leaf = Merkle.leafHash(entry.entryBytes)
                if leaf != storedLeaf {
                    problems.append("entry \(entry.index): stored leaf hash differs from its bytes")
                }
                try recomputed.append(leafHash: leaf)
                next += 1
                try checkCheckpoints(upTo: next)
            }
        }
        for cp in pendingCheckpoints {
            problems.append("checkpoint at size \(cp.checkpoint.treeSize) is beyond the journal (\(next) entries)")
        }
        let storedTree = try MerkleTree(store: DatabaseMerkleNodes(store: store))
        if storedTree.size != next {
            problems.append("Merkle nodes cover \(storedTree.size) leaves, journal has \(next)")
        } else if storedTree.root != recomputed.root {
            problems.append("stored Merkle nodes give a different root than the journal")
        }
        return LogReport(entries: next, root: recomputed.root, checkpointsVerified: verified, problems: problems)
    }
}
