import CSecp256k1
import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore

extension BenchLedger {
    /// Raw libsecp256k1 parse + recover in a loop on every core: the ceiling of signed ingest.
    static func rawRecoveriesPerSecondAllCores(seconds: Double) async throws -> Double {
        let samples = try (0..<256).map { _ -> (digest: [UInt8], compact: [UInt8], recid: Int32) in
            let digest = SecureRandom.bytes(32)
            let sig = try Secp256k1.PrivateKey().sign(digest: digest)
            return (digest, sig.compact, Int32(sig.recoveryId))
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let counts = await withTaskGroup(of: (Int, Double).self) { group in
            for _ in 0..<cores {
                group.addTask {
                    let ctx = Secp256k1.context.pointer
                    var i = 0
                    var sink: UInt8 = 0
                    let r = measure(seconds: seconds, batch: 64) {
                        let s = samples[i & 255]
                        i &+= 1
                        var sig = secp256k1_ecdsa_recoverable_signature()
                        var pub = secp256k1_pubkey()
                        _ = secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, s.compact, s.recid)
                        _ = secp256k1_ecdsa_recover(ctx, &pub, &sig, s.digest)
                        sink ^= pub.data.0
                    }
                    return (r.count + Int(sink & 0), r.elapsed)
                }
            }
            var out: [(Int, Double)] = []
            for await c in group { out.append(c) }
            return out
        }
        return counts.reduce(0) { $0 + Double($1.0) / $1.1 }
    }

    /// Inclusion proofs from stored nodes at the full tree size, random indices, as the API serves them
    /// (`LedgerStore.inclusionProof`, one read snapshot per proof): p50/p99 in µs; and verification of the
    /// same proofs.
    static func measureProofs(
        store: any LedgerStore, samples: Int
    ) throws
        -> (p50: Double, p99: Double, verifyP50: Double, verifyP99: Double, size: UInt64)
    {
        let tree = try MerkleTree(store: DatabaseMerkleNodes(store: store))
        let size = tree.size
        let root = tree.root
        var gen = [Double](), ver = [Double]()
        gen.reserveCapacity(samples)
        ver.reserveCapacity(samples)
        for _ in 0..<samples {
            let index = UInt64.random(in: 0..<size)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let proof = try store.inclusionProof(index: index, treeSize: size)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let leaf = try store.merkleNode(level: 0, index: index)!
            let t2 = DispatchTime.now().uptimeNanoseconds
            guard Merkle.verifyInclusion(leafHash: leaf, index: index, treeSize: size, proof: proof, root: root) else {
                throw CLIError("inclusion proof for \(index) did not verify")
            }
            let t3 = DispatchTime.now().uptimeNanoseconds
            gen.append(Double(t1 - t0) / 1000)
            ver.append(Double(t3 - t2) / 1000)
        }
        gen.sort()
        ver.sort()
        func pct(_ a: [Double], _ p: Double) -> Double { a[min(a.count - 1, Int(Double(a.count) * p))] }
        return (pct(gen, 0.5), pct(gen, 0.99), pct(ver, 0.5), pct(ver, 0.99), size)
    }

    /// Journal appends through `SQLiteLedgerStore.commit` (transfer-shaped entries, pre-applied, no
    /// signature checks) vs raw SQLite inserts of rows of the same size, both in `batch`-row
    /// transactions on scratch files beside the benchmark registry.
    static func measureAppends(scratchDir: String, entries: Int, batch: Int) throws -> (appends: Double, raw: Double) {
        let scratch = (scratchDir as NSString).appendingPathComponent("scratch-appends.sqlite")
        defer { removeDatabase(scratch) }
        let store = try SQLiteLedgerStore(path: scratch)
        let issuer = Workload.key("scratch-issuer")
        let accounts = (0..<64).map { Workload.key("scratch-\($0)").address }
        let asset = AssetID(issuer: issuer.address, nonce: 0)
        var state = LedgerState()
        let fakeSignature = [UInt8](repeating: 0x11, count: 64) + [27]
        var tree = InMemoryMerkleTree()
        var batches: [CommitBatch] = []
        var current = CommitBatch()
        var rowBytes = 0
        func add(_ command: Command, nonce: UInt64) throws {
            let index = tree.size
            let auth = AuthenticatedCommand(author: issuer.address, nonce: nonce, command: command)
            let outcome = try state.apply(auth, context: EntryContext(index: index, time: 1_767_225_600))
            let signed = SignedCommand(command: command, nonce: nonce, signature: fakeSignature)
            let entry = JournalEntry(index: index, time: 1_767_225_600, signed: signed, author: issuer.address)
            let leaf = Merkle.leafHash(entry.entryBytes)
            try tree.append(leafHash: leaf)
            rowBytes = entry.payload.count  // measureRawInserts adds the fixed columns itself
            current.entries.append(CommittedEntry(entry: entry, leafHash: leaf, outcome: outcome))
            if current.entries.count == batch {
                current.merkleNodes = Self.frozenNodes(tree: tree, from: UInt64(batches.count * batch), to: tree.size)
                batches.append(current)
                current = CommitBatch()
            }
        }
        let definition = AssetDefinition(
            assetIDs: [asset.text], nameShort: "S", name: "scratch", issuer: "bench", description: "scratch",
            divisibility: 0)
        try add(
            .defineAsset(.init(definition: definition, name: "S", symbol: "S", decimals: 0, minters: [issuer.address])),
            nonce: 0)
        var nonce: UInt64 = 1
        while tree.size < UInt64(entries) {
            let to = accounts[Int(nonce) % accounts.count]
            try add(.mint(.init(asset: asset, to: to, amount: 1)), nonce: nonce)
            nonce += 1
        }
        let start = DispatchTime.now().uptimeNanoseconds
        for b in batches { try store.commit(b) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let committed = batches.reduce(0) { $0 + $1.entries.count }
        let rawPath = (scratchDir as NSString).appendingPathComponent("scratch-raw.sqlite")
        defer { removeDatabase(rawPath) }
        let raw = try SQLiteLedgerStore.measureRawInserts(
            path: rawPath, rows: committed, batchSize: batch, rowSize: rowBytes)
        return (Double(committed) / seconds, raw)
    }

    /// The frozen nodes the leaves [from, to) created, read back from the in-memory tree's store.
    static func frozenNodes(tree: MerkleTree<InMemoryMerkleNodeStore>, from: UInt64, to: UInt64) -> [MerkleNode] {
        var nodes: [MerkleNode] = []
        for leaf in from..<to {
            var level = 0
            while true {
                let width = UInt64(1) << level
                guard (leaf + 1) % width == 0, let hash = tree.store.node(level: level, index: leaf >> level) else {
                    break
                }
                nodes.append(MerkleNode(level: level, index: leaf >> level, hash: hash))
                level += 1
            }
        }
        return nodes
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
