import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioRegistry
import HelioStore

/// The witness's checking, one round at a time (see `WitnessCommand`). Its folder holds its key, the
/// pinned registry address (a store setting), and a SQLite replica of everything it has verified: the
/// journal, the Merkle nodes, the replayed projections and the registry checkpoints it co-signed.
struct Witness {
    struct Cosigned {
        let treeSize: UInt64
        let root: [UInt8]
        let entriesVerified: Int
    }

    let key: Secp256k1.PrivateKey
    let client: HTTPClient
    let folder: String
    var registryAddress: Address?
    let replica: SQLiteLedgerStore
    private var state: LedgerState
    private var tree: MerkleTree<BufferedMerkleNodes>

    static let pageSize = 1_000

    init(folder: String, registry client: HTTPClient, pinned: Address?) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder) {
            try fm.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        self.folder = folder
        self.client = client
        self.key = try Self.loadOrCreateKey((folder as NSString).appendingPathComponent("witness.key"))
        self.replica = try SQLiteLedgerStore(path: (folder as NSString).appendingPathComponent("witness.sqlite"))
        self.state = try replica.loadState()
        self.tree = try MerkleTree(store: BufferedMerkleNodes(store: replica))
        let stored = try replica.setting("witness.registry_address").map { try Address($0) }
        if let pinned, let stored, pinned != stored {
            throw CLIError("this witness already trusts registry \(stored.checksummed), not \(pinned.checksummed)")
        }
        if let url = try replica.setting("witness.registry_url"), url != client.base {
            throw CLIError("this witness folder follows \(url), not \(client.base)")
        }
        self.registryAddress = pinned ?? stored
    }

    /// A witness key in hex (0600), made on first use.
    private static func loadOrCreateKey(_ path: String) throws -> Secp256k1.PrivateKey {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            do { return try Secp256k1.PrivateKey(hex: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
                throw CLIError("\(path) does not hold a secp256k1 key: \(error)")
            }
        }
        let key = Secp256k1.PrivateKey()
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((Hex.encode(key.rawRepresentation) + "\n").utf8),
                attributes: [.posixPermissions: 0o600])
        else { throw CLIError("cannot write the witness key to \(path)") }
        return key
    }

    /// One round: nil when there is nothing new to co-sign.
    mutating func round() async throws -> Cosigned? {
        let latest = try await fetchCheckpoint()
        let size = latest.checkpoint.treeSize
        let verified = try replica.latestCheckpoint()
        if let verified, size <= verified.checkpoint.treeSize {
            // Nothing newer. The same size with another root is a fork all the same.
            let mine = try tree.root(atSize: size)
            if mine != latest.checkpoint.rootHash {
                try fork(
                    "the registry signed a root for tree size \(size) that differs from the one this witness verified",
                    verified: verified, conflicting: latest, witnessRoot: mine, proof: nil)
            }
            return nil
        }
        var proof: [[UInt8]]? = nil
        if let verified, verified.checkpoint.treeSize > 0 {
            let from = verified.checkpoint.treeSize
            let steps = try await fetchConsistency(from: from, to: size)
            proof = steps
            guard
                Merkle.verifyConsistency(
                    oldSize: from, newSize: size, oldRoot: verified.checkpoint.rootHash,
                    newRoot: latest.checkpoint.rootHash, proof: steps)
            else {
                try fork(
                    "the checkpoint of \(size) entries is not consistent with the verified one of \(from): history was rewritten",
                    verified: verified, conflicting: latest, witnessRoot: nil, proof: steps)
            }
        }
        let before = tree.size
        try await catchUp(to: size, against: latest, verified: verified)
        let mine = try tree.root(atSize: size)
        guard mine == latest.checkpoint.rootHash else {
            try fork(
                "the registry's checkpoint root for \(size) entries is not the root of the entries it serves",
                verified: verified, conflicting: latest, witnessRoot: mine, proof: proof)
        }
        try replica.saveCheckpoint(latest)
        let cosignature = Cosignature.sign(latest.checkpoint, key: key, timestamp: Int64(Date().timeIntervalSince1970))
        try await send(cosignature)
        return Cosigned(treeSize: size, root: mine, entriesVerified: Int(tree.size - before))
    }

    /// Fetches, checks and replays entries [tree size, size), committing them to the replica page by page.
    private mutating func catchUp(
        to size: UInt64, against latest: SignedCheckpoint, verified: SignedCheckpoint?
    ) async throws {
        let domain = try Self.domain(of: latest.checkpoint.origin)
        while tree.size < size {
            let page = try await fetchEntries(from: tree.size, limit: Int(min(UInt64(Self.pageSize), size - tree.size)))
            guard !page.isEmpty else {
                throw CLIError("the registry served no entry \(tree.size) below its checkpoint of \(size)")
            }
            var batch: [CommittedEntry] = []
            for (entry, servedLeaf) in page {
                guard entry.index == tree.size + UInt64(batch.count) else {
                    throw CLIError(
                        "the registry served entry \(entry.index) where \(tree.size + UInt64(batch.count)) was due")
                }
                let leaf = Merkle.leafHash(entry.entryBytes)
                guard leaf == servedLeaf else {
                    try fork(
                        "entry \(entry.index): the leaf hash served is not the hash of the entry served",
                        verified: verified, conflicting: latest, witnessRoot: nil, proof: nil)
                }
                let outcome: Outcome
                do { outcome = try JournalReplay.apply(entry, domain: domain, to: &state) } catch {
                    try refuse("entry \(entry.index) does not verify or replay: \(error.message)", conflicting: latest)
                }
                batch.append(CommittedEntry(entry: entry, leafHash: leaf, outcome: outcome))
            }
            for committed in batch { _ = try tree.append(leafHash: committed.leafHash) }
            try replica.commit(CommitBatch(entries: batch, merkleNodes: tree.store.drain()))
        }
    }

    /// The command domain a registry's checkpoint origin names (`<name> chain <id>`).
    static func domain(of origin: String) throws -> CommandDomain {
        guard let range = origin.range(of: " chain ", options: .backwards), let id = UInt64(origin[range.upperBound...])
        else { throw CLIError("the checkpoint origin \(origin.debugDescription) names no chain id") }
        return CommandDomain(name: "Helio", version: "1", chainId: id)
    }
}
