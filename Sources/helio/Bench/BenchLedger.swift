import ArgumentParser
import CSecp256k1
import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioRegistry
import HelioStore

/// `helio bench ledger`: the ledger end to end, each figure beside a ceiling measured in the same run.
///
/// 1. ceiling: raw libsecp256k1 recoveries/s on all cores;
/// 2. signed native transfers/s through `ParallelVerifier` → `LedgerWriter` → SQLite (durable group
///    commits), at ~10^4 stored entries and again at `--entries` (default 10^6);
/// 3. journal appends/s through `SQLiteLedgerStore.commit` vs raw SQLite inserts of the same row size;
/// 4. inclusion-proof generation p50/p99 from stored nodes at the full size, and verification.
/// The database it leaves in `--data-dir` is a real registry: `helio replay` and `helio log verify` pass on it.
struct BenchLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Signed transfers/s, journal appends/s and proof latency vs same-run ceilings."
    )

    @Option(name: .customLong("data-dir"), help: "Folder for the benchmark registry (must not exist).")
    var dataDir = "helio-bench-data"
    @Option(help: "Journal size for the second throughput window and the proofs.") var entries = 1_000_000
    @Option(help: "Transfers per measured window.") var window = 20_000
    @Option(help: "Commands per submitted batch.") var batch = 1_000
    @Option(help: "Concurrent submitters.") var clients = 4
    @Option(help: "Funded accounts.") var accounts = 1_000
    @OptionGroup var output: JSONFlag

    func validate() throws {
        if FileManager.default.fileExists(atPath: dataDir) {
            throw ValidationError("\(dataDir) already exists: remove it or pass another --data-dir")
        }
        guard entries >= 20_000, window >= batch, batch > 0, clients > 0 else {
            throw ValidationError("need --entries ≥ 20000, --window ≥ --batch > 0, --clients > 0")
        }
    }

    func run() async throws {
        warnIfDebugBuild()
        let ceiling = try await Self.rawRecoveriesPerSecondAllCores(seconds: 1.5)
        Output.note("ceiling: \(formatRate(ceiling)) raw recoveries/s on all cores")

        let store = try DataDirectory.openStore(dataDir)
        let checkpointKey = Workload.key("checkpoint")
        let config = RegistryConfig(name: "bench", chainId: 7317, checkpointAddress: checkpointKey.address)
        try config.save(to: store)
        let writer = try LedgerWriter(
            store: store, domain: config.domain, checkpointKey: checkpointKey,
            checkpointOrigin: config.checkpointOrigin, checkpointEvery: 10_000)
        var workload = Workload(domain: config.domain, accountCount: accounts, state: await writer.currentState)
        _ = try await writer.submitSigned(try workload.setupCommands(state: await writer.currentState))

        try await fill(writer, &workload, upTo: 10_000)
        let small = try await measureWindow(writer, &workload)
        Output.note("at \(small.size) entries: \(formatRate(small.rate)) signed transfers/s")
        let fillStart = DispatchTime.now().uptimeNanoseconds
        let filledFrom = await writer.size
        try await fill(writer, &workload, upTo: UInt64(entries))
        let fillSeconds = Double(DispatchTime.now().uptimeNanoseconds - fillStart) / 1e9
        Output.note(
            "filled to \(await writer.size) entries (\(formatRate(Double(await writer.size - filledFrom) / fillSeconds))/s incl. signing)"
        )
        let large = try await measureWindow(writer, &workload)
        Output.note("at \(large.size) entries: \(formatRate(large.rate)) signed transfers/s")
        try await writer.signCheckpoint()

        let proofs = try Self.measureProofs(store: store, samples: 20_000)
        let appends = try Self.measureAppends(scratchDir: dataDir, entries: 100_000, batch: batch)

        let report: [String: Any] = [
            "recover_ceiling_all_cores_per_s": ceiling,
            "signed_transfers_per_s_at_small": small.rate, "small_size": small.size,
            "signed_transfers_per_s_at_large": large.rate, "large_size": large.size,
            "transfers_vs_ceiling": large.rate / ceiling, "large_vs_small": large.rate / small.rate,
            "journal_appends_per_s": appends.appends, "raw_sqlite_inserts_per_s": appends.raw,
            "appends_vs_raw": appends.appends / appends.raw,
            "proof_p50_us": proofs.p50, "proof_p99_us": proofs.p99, "proof_tree_size": proofs.size,
            "verify_p50_us": proofs.verifyP50, "verify_p99_us": proofs.verifyP99, "data_dir": dataDir,
        ]
        if output.json { try Output.json(report); return }
        print("helio bench ledger (durable group commits, \(clients) clients × \(batch)-command batches)")
        print("ceiling: raw libsecp256k1 recover, all cores   \(formatRate(ceiling)) /s")
        print("signed transfers at \(small.size) entries         \(formatRate(small.rate)) /s  (aim ≥ 10000)")
        print(
            "signed transfers at \(large.size) entries       \(formatRate(large.rate)) /s  "
                + "ratio to ceiling \(formatRatio(large.rate / ceiling)), to small \(formatRatio(large.rate / small.rate)) (aim ≥ 0.80)"
        )
        print("journal appends (store.commit)                 \(formatRate(appends.appends)) /s")
        print(
            "ceiling: raw SQLite inserts, same row size     \(formatRate(appends.raw)) /s  "
                + "ratio \(formatRatio(appends.appends / appends.raw)) (aim ≥ 0.50)")
        print(
            "inclusion proof at \(proofs.size) entries       p50 \(String(format: "%.1f", proofs.p50)) µs  "
                + "p99 \(String(format: "%.1f", proofs.p99)) µs (aim p99 ≤ 1000)")
        print(
            "proof verification                             p50 \(String(format: "%.1f", proofs.verifyP50)) µs  "
                + "p99 \(String(format: "%.1f", proofs.verifyP99)) µs")
        print(
            "registry left in \(dataDir): try `helio replay --data-dir \(dataDir)` and `helio log verify --data-dir \(dataDir)`"
        )
    }

    /// Submits transfers until the journal holds `target` entries (signing included, not reported).
    private func fill(_ writer: LedgerWriter, _ workload: inout Workload, upTo target: UInt64) async throws {
        while await writer.size < target {
            let left = Int(target - (await writer.size))
            let lanes = try await workload.nextTransferLanes(min(left, batch * clients), lanes: clients)
            try await submitConcurrently(writer, lanes)
        }
    }

    /// Signs `window` transfers first (untimed), then times their ingestion.
    private func measureWindow(
        _ writer: LedgerWriter, _ workload: inout Workload
    ) async throws -> (rate: Double, size: UInt64) {
        var elapsed = 0.0
        var done = 0
        while done < window {
            let lanes = try await workload.nextTransferLanes(min(window - done, batch * clients), lanes: clients)
            let start = DispatchTime.now().uptimeNanoseconds
            try await submitConcurrently(writer, lanes)
            elapsed += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            done += lanes.reduce(0) { $0 + $1.count }
        }
        return (Double(done) / elapsed, await writer.size)
    }

    /// One task per lane; each lane submits its commands in `batch`-sized pieces, in order.
    private func submitConcurrently(_ writer: LedgerWriter, _ lanes: [[SignedCommand]]) async throws {
        let size = batch
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in lanes {
                group.addTask {
                    for start in stride(from: 0, to: lane.count, by: size) {
                        let part = Array(lane[start..<min(lane.count, start + size)])
                        for r in try await writer.submitSigned(part) { _ = try r.get() }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
