import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import HelioServer
import HelioStore

/// `helio bench ingest`: readings end to end through a real server over HTTP on loopback, durable.
///
/// A fresh registry in `--data-dir` gets `--meters` solar devices on the equator (lat 0, lon 0: the sun
/// is well up 08:00–16:00 UTC) spread over `--oracles` oracles (quorum 1). The server runs in this
/// process on 127.0.0.1; requests are encoded (and readings signed) before the clock starts, and
/// `--clients` requests are in flight at once. Figures:
/// 1. ceiling: raw libsecp256k1 recoveries/s on all cores, same run;
/// 2. individually signed readings/s (batches of `--batch`, each from one oracle) on the empty registry,
///    with p99 request latency, and the ratio to the ceiling;
/// 3. batch-signed readings/s (one `ReadingBatch` signature per request);
/// 4. the registry filled to `--stored` readings with batch-signed ones, then individually signed
///    readings/s again, and its ratio to (2).
///
/// With `--database postgres://…` (issue 8) it measures instead individually signed readings/s on
/// SQLite (one server) and then on that PostgreSQL database with each node count of `--nodes`
/// (servers in this process, all on the same database, requests spread over them), in one run.
struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Signed readings/s over HTTP (individually and batch-signed) vs the same-run recovery ceiling.")

    @Option(name: .customLong("data-dir"), help: "Folder for the benchmark registry (must not exist).")
    var dataDir = "helio-bench-ingest"
    @Option(help: "Readings stored before the last window.") var stored = 1_000_000
    @Option(help: "Individually signed readings per measured window.") var window = 40_000
    @Option(help: "Batch-signed readings in their window.") var batchWindow = 200_000
    @Option(help: "Readings per request.") var batch = 1_000
    @Option(help: "Requests in flight.") var clients = 4
    @Option(help: "Oracles (each signs the readings of its own meters).") var oracles = 4
    @Option(help: "Solar meters (one device each).") var meters = 1_000
    @Flag(help: "Every device also gets GOs and GCs (issuance policy GO,GC): the cost of certificates on ingest.")
    var certificates = false
    @Option(
        help: ArgumentHelp(
            "An EMPTY PostgreSQL database: compare SQLite with registry nodes sharing it.", valueName: "url"))
    var database: String?
    @Option(help: "Node counts to measure with --database, comma-separated.") var nodes = "1,2,3"

    var nodeCounts: [Int] { nodes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        if FileManager.default.fileExists(atPath: dataDir) {
            throw ValidationError("\(dataDir) already exists: remove it or pass another --data-dir")
        }
        guard batch > 0, batch <= ReadingWire.maxReadingsPerRequest, window >= batch, clients > 0, oracles > 0,
            meters >= oracles
        else {
            throw ValidationError("need 0 < --batch ≤ 10000, --window ≥ --batch, --meters ≥ --oracles > 0")
        }
        guard !nodeCounts.isEmpty, nodeCounts.allSatisfy({ (1...8).contains($0) }) else {
            throw ValidationError("--nodes must list node counts from 1 to 8, e.g. 1,2,3")
        }
        let needed = 2 * window + batchWindow + max(0, stored) + window * nodeCounts.count
        guard needed / meters <= Self.slotsPerDay * 300 else {
            throw ValidationError(
                "too few meters: \(needed) readings need ≥ \(needed / (Self.slotsPerDay * 300)) meters")
        }
    }

    /// 15-minute daytime periods per day (08:00–16:00 UTC).
    static let slotsPerDay = 32

    func run() async throws {
        warnIfDebugBuild()
        let ceiling = try await BenchLedger.rawRecoveriesPerSecondAllCores(seconds: 1.5)
        Output.note("ceiling: \(formatRate(ceiling)) raw recoveries/s on all cores")
        if let database { return try await compareNodes(database: database) }

        var plan = try await Plan.create(
            dataDir: dataDir, meters: meters, oracles: oracles, certificates: certificates)
        let server = try await InProcessServer.start(dataDir: dataDir, checkpointKey: plan.checkpointKey)
        let client = [server.client]

        let empty = try await individually(plan: &plan, client: client, count: window)
        Output.note(
            "individually signed, empty registry: \(formatRate(empty.rate)) readings/s, p99 \(empty.p99Ms) ms per "
                + "\(batch), ratio to ceiling \(formatRatio(empty.rate / ceiling))")
        let batched = try await batchSigned(plan: &plan, client: client, count: batchWindow)
        Output.note("batch-signed: \(formatRate(batched.rate)) readings/s, p99 \(batched.p99Ms) ms per \(batch)")

        let fillStart = DispatchTime.now().uptimeNanoseconds
        var filled = plan.issued
        while filled < stored {
            _ = try await batchSigned(plan: &plan, client: client, count: min(100_000, stored - filled))
            filled = plan.issued
        }
        let fillSeconds = Double(DispatchTime.now().uptimeNanoseconds - fillStart) / 1e9
        Output.note("filled to \(filled) readings in \(String(format: "%.0f", fillSeconds)) s")
        let full = try await individually(plan: &plan, client: client, count: window)
        Output.note(
            "individually signed at \(filled) stored: \(formatRate(full.rate)) readings/s, p99 \(full.p99Ms) ms, "
                + "ratio to empty \(formatRatio(full.rate / empty.rate)), to ceiling \(formatRatio(full.rate / ceiling))"
        )
        print(
            """
            ceiling_recoveries_per_s=\(formatRate(ceiling))
            individual_readings_per_s=\(formatRate(empty.rate)) p99_ms=\(empty.p99Ms) ratio_to_ceiling=\(formatRatio(empty.rate / ceiling))
            batch_signed_readings_per_s=\(formatRate(batched.rate)) p99_ms=\(batched.p99Ms)
            individual_readings_per_s_at_\(filled)=\(formatRate(full.rate)) ratio_to_empty=\(formatRatio(full.rate / empty.rate))
            """)
        // Server-side handling time (decode, verify, decide, durable commit), beside the client's view.
        if let metrics = try? await server.client.get("/metrics") {
            for line in String(decoding: metrics.body, as: UTF8.self).split(separator: "\n")
            where line.contains("reading_batch_duration") && !line.contains("bucket") && !line.hasPrefix("#") {
                Output.note("server: \(line)")
            }
        }
        await server.stop()
    }

    struct Window {
        let rate: Double
        let p99Ms: String
    }

    /// Signs `count` readings (before timing) and posts them in requests of `batch`.
    /// Individually signed readings/s on SQLite, then on PostgreSQL with 1, 2, 3… nodes (same run).
    private func compareNodes(database: String) async throws {
        let sqliteDir = (dataDir as NSString).appendingPathComponent("sqlite")
        var plan = try await Plan.create(
            dataDir: sqliteDir, meters: meters, oracles: oracles, certificates: certificates)
        let server = try await InProcessServer.start(dataDir: sqliteDir, checkpointKey: plan.checkpointKey)
        let sqlite = try await individually(plan: &plan, client: [server.client], count: window)
        await server.stop()
        Output.note("sqlite, 1 node: \(formatRate(sqlite.rate)) readings/s, p99 \(sqlite.p99Ms) ms per \(batch)")
        var lines = ["sqlite_readings_per_s=\(formatRate(sqlite.rate)) p99_ms=\(sqlite.p99Ms)"]

        let pgDir = (dataDir as NSString).appendingPathComponent("postgres")
        var pgPlan = try await Plan.create(
            dataDir: pgDir, database: database, meters: meters, oracles: oracles, certificates: certificates)
        for n in nodeCounts {
            var servers: [InProcessServer] = []
            for _ in 0..<n {
                servers.append(try await InProcessServer.start(dataDir: pgDir, checkpointKey: pgPlan.checkpointKey))
            }
            let window = try await individually(plan: &pgPlan, client: servers.map(\.client), count: self.window)
            for s in servers { await s.stop() }
            Output.note(
                "postgres, \(n) node\(n == 1 ? "" : "s"): \(formatRate(window.rate)) readings/s, p99 \(window.p99Ms) ms, "
                    + "ratio to sqlite \(formatRatio(window.rate / sqlite.rate))")
            lines.append("postgres_\(n)_nodes_readings_per_s=\(formatRate(window.rate)) p99_ms=\(window.p99Ms)")
        }
        print(lines.joined(separator: "\n"))
    }

    private func individually(plan: inout Plan, client: [HTTPClient], count: Int) async throws -> Window {
        let groups = plan.nextReadings(count, per: batch)
        let domain = plan.domain
        let bodies = await ParallelMap.map(groups, minimumPerWorker: 1) { g in
            let signed = g.readings.map { try! SignedReading.sign($0, domain: domain, with: g.key) }
            return JSONValue.object([
                .init("readings", .array(signed.map { ReadingWire.json($0.reading, signature: $0.signature) }))
            ]).serialized
        }
        return try await post(bodies, path: "/v1/readings", readings: count, client: client)
    }

    private func batchSigned(plan: inout Plan, client: [HTTPClient], count: Int) async throws -> Window {
        let groups = plan.nextReadings(count, per: batch)
        let domain = plan.domain
        let bodies = await ParallelMap.map(groups, minimumPerWorker: 1) { g in
            let b = try! SignedReadingBatch.sign(g.readings, domain: domain, with: g.key)
            return JSONValue.object([
                .init("readings", .array(b.readings.map { ReadingWire.json($0) })),
                .init("signature", .string(Hex.encode(b.signature, prefixed: true))),
            ]).serialized
        }
        return try await post(bodies, path: "/v1/reading-batches", readings: count, client: client)
    }

    /// Posts with `--clients` requests in flight, client c sending to server c mod the number of servers.
    private func post(
        _ bodies: [[UInt8]], path: String, readings: Int, client servers: [HTTPClient]
    ) async throws
        -> Window
    {
        let start = DispatchTime.now().uptimeNanoseconds
        let clients = self.clients
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for c in 0..<clients {
                let client = servers[c % servers.count]
                group.addTask {
                    var mine: [Double] = []
                    var i = c
                    while i < bodies.count {
                        let t = DispatchTime.now().uptimeNanoseconds
                        let reply = try await client.post(path, body: bodies[i])
                        mine.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                        guard case .number(let n)? = try reply.json()["rejected"], n == "0" else {
                            throw CLIError(
                                "bench: readings were refused: \(String(decoding: reply.body.prefix(400), as: UTF8.self))"
                            )
                        }
                        i += clients
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        return Window(rate: Double(readings) / seconds, p99Ms: String(format: "%.1f", p99))
    }
}

/// The benchmark registry: keys, meters, and where each meter's next period starts.
struct Plan {
    let checkpointKey: Secp256k1.PrivateKey
    let domain: CommandDomain
    let oracleKeys: [Secp256k1.PrivateKey]
    let meterIDs: [String]
    /// Next slot (day × slotsPerDay + slot) per meter, counting back from yesterday.
    var nextSlot: [Int]
    var cursor = 0
    var issued = 0
    let firstDay: Int64

    struct Group: Sendable {
        let key: Secp256k1.PrivateKey
        let readings: [MeterReading]
    }

    /// Creates the registry (genesis, an issuing body, oracles, solar devices, assignments, and with
    /// `certificates` a GO+GC issuance policy per device).
    static func create(
        dataDir: String, database: String? = nil, meters: Int, oracles: Int, certificates: Bool
    ) async throws -> Plan {
        let store = try DataDirectory.openStore(dataDir, database: database)
        let checkpointKey = Workload.key("ingest-checkpoint")
        let body = Workload.key("ingest-issuing-body")
        let now = Date.nowSeconds
        let genesis = try await RegistryGenesis.create(
            in: store, name: "bench-ingest", chainId: 7317, checkpointKey: checkpointKey, issuingBodies: [body.address])
        let domain = genesis.config.domain
        let oracleKeys = (0..<oracles).map { Workload.key("ingest-oracle-\($0)") }
        let meterIDs = (0..<meters).map { "M\(String(format: "%06d", $0))" }
        // Periods go back at most 300 days: inside the default 366-day maximum age.
        let firstDay = now / 86_400 - 300
        var commands: [Command] = oracleKeys.enumerated().map { i, k in
            .registerOracle(.init(oracle: k.address, name: "bench oracle \(i)"))
        }
        for (i, meter) in meterIDs.enumerated() {
            commands.append(
                .registerDevice(
                    .init(
                        DeviceRegistration(
                            id: "D\(meter)", name: "bench plant \(i)", owner: Workload.key("owner-\(i % 100)").address,
                            energySource: "F01040100", technology: "T010101", capacityW: 10_000,
                            commissioningDate: "2020-01-01", country: "GH", latitudeE6: 0, longitudeE6: 0,
                            gridArea: "GH",
                            meters: [MeterSpec(id: meter, intervalSeconds: 900)]))))
            commands.append(
                .assignOracles(
                    .init(meter: meter, oracles: [oracleKeys[i % oracles].address], quorum: 1, validFrom: 0)))
            if certificates { commands.append(.setIssuancePolicy(.init(device: "D\(meter)", schemes: [.go, .gc]))) }
        }
        let writer = try LedgerWriter(store: store, domain: domain)
        let results = try await writer.submitSigned(try sign(commands, domain: domain, with: body))
        try requireAccepted(results)
        return Plan(
            checkpointKey: checkpointKey, domain: domain, oracleKeys: oracleKeys, meterIDs: meterIDs,
            nextSlot: Array(repeating: 0, count: meters), firstDay: firstDay)
    }

    // Synchronous on purpose: the same code inline in `create` crashed the Swift 6.3 optimizer (LLVM's
    // coroutine splitting, swifterror around typed throws) in release builds.
    private static func sign(
        _ commands: [Command], domain: CommandDomain, with key: Secp256k1.PrivateKey
    ) throws
        -> [SignedCommand]
    {
        try commands.enumerated().map { n, c in try SignedCommand.sign(c, nonce: UInt64(n), domain: domain, with: key) }
    }

    private static func requireAccepted(_ results: [Result<Receipt, LedgerError>]) throws {
        for r in results { _ = try r.get() }
    }

    /// The next `count` readings in requests of `per`, each request from ONE oracle (meters of the same
    /// oracle), round-robin over the meters: daytime 15-minute periods, 600–2,400 Wh (plausible for 10 kW).
    mutating func nextReadings(_ count: Int, per: Int) -> [Group] {
        var byOracle: [[MeterReading]] = Array(repeating: [], count: oracleKeys.count)
        var groups: [Group] = []
        for _ in 0..<count {
            let m = cursor % meterIDs.count
            cursor += 1
            let slot = nextSlot[m]
            nextSlot[m] += 1
            let day = firstDay + Int64(slot / BenchIngest.slotsPerDay)
            let start = day * 86_400 + 8 * 3600 + Int64(slot % BenchIngest.slotsPerDay) * 900
            let reading = MeterReading(
                meter: meterIDs[m], periodStart: start, periodEnd: start + 900,
                energyWh: UInt64(600 + (slot * 37) % 1800))
            let o = m % oracleKeys.count
            byOracle[o].append(reading)
            if byOracle[o].count == per {
                groups.append(Group(key: oracleKeys[o], readings: byOracle[o]))
                byOracle[o] = []
            }
        }
        for (o, rest) in byOracle.enumerated() where !rest.isEmpty {
            groups.append(Group(key: oracleKeys[o], readings: rest))
        }
        issued += count
        return groups
    }
}
