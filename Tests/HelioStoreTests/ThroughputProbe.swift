import Foundation
import HelioCrypto
import HelioLog
import HelioStore
import Testing

@testable import HelioLedger

/// Not a timed test: a probe that prints commit throughput next to the raw-insert ceiling, run only when
/// HELIO_STORE_PROBE is set, in a release build:
///
///     swift build -c release --build-tests -Xswiftc -enable-testing
///     HELIO_STORE_PROBE=1 .build/release/HelioPackageTests.xctest --testing-library swift-testing \
///         --filter ThroughputProbe
///
/// HELIO_STORE_PROBE_ACCOUNTS (10,000) funded accounts, then HELIO_STORE_PROBE_BATCHES (50) batches of
/// 1,000 transfers from account to random account; only `commit` is timed. `helio bench ledger` is the
/// real benchmark.
@Suite struct ThroughputProbe {
    static let environment = ProcessInfo.processInfo.environment
    static let enabled = environment["HELIO_STORE_PROBE"] != nil
    static let accounts = Int(environment["HELIO_STORE_PROBE_ACCOUNTS"] ?? "") ?? 10_000
    static let batches = Int(environment["HELIO_STORE_PROBE_BATCHES"] ?? "") ?? 50
    static let batchSize = 1_000
    static let clock = ContinuousClock()

    static func address(_ i: Int) -> Address {
        try! Address(bytes: Array(Digest.sha256(Array("account \(i)".utf8)).prefix(20)))
    }

    /// Applies `command` by `author` without signature work: the payload carries a dummy 65-byte
    /// signature, the same size as a real one.
    static func run(_ ledger: inout TestLedger, _ author: Address, _ command: Command) throws {
        let nonce = ledger.state.nonce(author)
        let signed = SignedCommand(command: command, nonce: nonce, signature: [UInt8](repeating: 0x1B, count: 65))
        _ = try ledger.append(
            signed: signed, authenticated: AuthenticatedCommand(author: author, nonce: nonce, command: command))
    }

    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) * 1e-12
    }

    @Test(.enabled(if: enabled)) func commitThroughput() throws {
        let store = try SQLiteLedgerStore.temporary()
        var ledger = TestLedger()
        ledger.keepsProduced = false
        let issuer = Self.address(-1)
        let id = AssetID(issuer: issuer, nonce: 0)
        let document = AssetDefinition(
            assetIDs: [id.text], nameShort: "GO", name: "Guarantee of Origin", issuer: "Probe",
            description: "probe", divisibility: 18)
        try Self.run(
            &ledger, issuer,
            .defineAsset(Command.DefineAsset(definition: document, name: "GO", symbol: "GO", minters: [issuer])))
        let accounts = (0..<Self.accounts).map(Self.address)
        for (i, account) in accounts.enumerated() {
            try Self.run(&ledger, issuer, .mint(id, to: account, 1_000_000))
            if i % Self.batchSize == 0 { try store.commit(ledger.takeBatch()) }
        }
        try store.commit(ledger.takeBatch())

        var generator = SystemRandomNumberGenerator()
        var payloadBytes = 0
        var perBatch: [Double] = []  // µs per commit
        for b in 0..<Self.batches {
            for i in 0..<Self.batchSize {
                let from = accounts[(b * Self.batchSize + i) % accounts.count]
                let to = accounts[Int.random(in: 0..<accounts.count, using: &generator)]
                try Self.run(&ledger, from, .transfer(id, to: to, 1))
                payloadBytes += ledger.pending.entries.last!.entry.payload.count
            }
            let batch = ledger.takeBatch()
            let start = Self.clock.now
            try store.commit(batch)
            perBatch.append(Self.microseconds(Self.clock.now - start))
        }
        let size = try store.journalSize()
        #expect(try store.loadState() == ledger.state)

        func rate(_ slice: ArraySlice<Double>) -> Int {
            Int(Double(slice.count * Self.batchSize) / slice.reduce(0, +) * 1e6)
        }
        let total = rate(perBatch[...])
        let window = max(1, min(10, perBatch.count / 4))
        let rowSize = payloadBytes / (Self.batches * Self.batchSize)
        let rawPath = NSTemporaryDirectory() + "helio-raw-\(UUID().uuidString).sqlite"
        let raw = try SQLiteLedgerStore.measureRawInserts(
            path: rawPath, rows: 50 * Self.batchSize, batchSize: Self.batchSize, rowSize: rowSize)
        print(
            """
            PROBE \(Self.accounts) accounts, \(Self.batches) batches × \(Self.batchSize) transfers, \
            payload ≈ \(rowSize) B
            PROBE commit: \(total) entries/s overall; first \(window) batches \(rate(perBatch.prefix(window)))/s, \
            last \(window) \(rate(perBatch.suffix(window)))/s (journal size \(size))
            PROBE raw SQLite inserts: \(Int(raw)) rows/s; commit/raw = \(String(format: "%.2f", Double(total) / raw))
            """)

        var proofs: [Double] = []
        for _ in 0..<2_000 {
            let index = UInt64.random(in: 0..<size, using: &generator)
            let start = Self.clock.now
            _ = try store.inclusionProof(index: index, treeSize: size)
            proofs.append(Self.microseconds(Self.clock.now - start))
        }
        proofs.sort()
        let tree = try MerkleTree(store: DatabaseMerkleNodes(store: store))
        var nodeProofs: [Double] = []
        for _ in 0..<1_000 {
            let index = UInt64.random(in: 0..<size, using: &generator)
            let start = Self.clock.now
            _ = try tree.inclusionProof(index: index, treeSize: size)
            nodeProofs.append(Self.microseconds(Self.clock.now - start))
        }
        nodeProofs.sort()
        print(
            """
            PROBE inclusion proof at \(size): store.inclusionProof p50 \(Int(proofs[1_000])) µs, \
            p99 \(Int(proofs[1_980])) µs; MerkleTree over DatabaseMerkleNodes p50 \(Int(nodeProofs[500])) µs, \
            p99 \(Int(nodeProofs[990])) µs
            """)
    }
}
