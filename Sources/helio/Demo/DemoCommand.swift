import ArgumentParser
import Foundation
import HelioCrypto
import HelioEnergy
import HelioLedger
import HelioRegistry
import Logging

/// `helio demo`: the registry's main job in one command (the README's run command).
///
/// A fresh registry in `<out>/registry`, served in this process on 127.0.0.1; a neighbourhood on Samsø
/// (PV roofs and a community wind turbine) simulated over the last `--days` whole days; every reading,
/// command and transaction goes through the HTTP API with real secp256k1 signatures. Then a summary on
/// stdout, `<out>/summary.json`, `<out>/report.html` and a statement file; with `--serve` the registry keeps
/// running until SIGINT/SIGTERM.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a neighbourhood end to end: readings, SUN, GO/GC certificates, trades, cancellations.",
        discussion: """
            Creates a registry in <out>/registry (deleted and recreated on the next run; a folder that the demo did \
            not make is refused), serves it on 127.0.0.1, and simulates --producers rooftop PV plants and one \
            community wind turbine on Samsø (bidding zone DK1) over the --days whole UTC days ending with \
            --end-date (default yesterday): 15-minute readings signed by each meter and by the grid operator's \
            data hub (quorum 2), with a few faulty readings planted on purpose. Producers receive SUN and GO/GC \
            lots; a household, a school and an office buy certificates (paid in SUN with signed Ethereum \
            transactions), cancel them, and the office gets its hourly matching score. Everything, keys \
            included, follows from --seed: TEST ONLY keys, never hold value with them.
            """)

    static let maxDays = 31
    static let maxProducers = 50

    @Option(help: "Output folder: registry/, summary.json, report.html, statement-<id>.json.")
    var out = "demo-output"
    @Option(help: "Whole days to simulate (1–\(DemoCommand.maxDays)).") var days = 7
    @Option(help: "Rooftop PV producers (1–\(DemoCommand.maxProducers)); the wind turbine is always there.")
    var producers = 12
    @Option(help: "Seed of everything random: keys, plants, weather, consumption, faults.") var seed: UInt64 = 7
    @Option(name: .customLong("end-date"), help: "Last simulated day, YYYY-MM-DD (UTC; default yesterday).")
    var endDate: String?
    @Flag(help: "Keep the registry running on 127.0.0.1 afterwards, until SIGINT/SIGTERM.") var serve = false
    @Option(help: "Port (default 7318 with --serve, else a free one).") var port: Int?
    @Flag(help: "Print the summary as one JSON object (it is always written to <out>/summary.json).")
    var json = false
    @Flag(name: .customLong("no-progress"), help: "No progress bar on stderr.") var noProgress = false
    @Flag(help: "Draw the progress bar even when stderr is not a terminal.") var progress = false

    /// The option checks, as one-line errors (`helio: error: …`, exit 1) like the rest of helio's run-time
    /// errors.
    func checkOptions(now: Int64) throws -> Int64 {
        guard (1...Self.maxDays).contains(days) else { throw CLIError("--days must be 1…\(Self.maxDays), got \(days)") }
        guard (1...Self.maxProducers).contains(producers) else {
            throw CLIError("--producers must be 1…\(Self.maxProducers), got \(producers)")
        }
        if let port, !(1...65_535).contains(port) { throw CLIError("--port must be 1…65535, got \(port)") }
        return try lastDay(now: now)
    }

    /// Days since 1970 of the last simulated day: whole days only (it must have ended), and the first day
    /// young enough for the registry's reading policy (periods at most 366 days old).
    func lastDay(now: Int64) throws -> Int64 {
        let yesterday = now / UnixTime.secondsPerDay - 1
        guard let text = endDate else { return yesterday }
        guard let day = UnixTime.day(Array(text.utf8)) else {
            throw CLIError("--end-date must be a date YYYY-MM-DD, got \(text.debugDescription)")
        }
        guard day <= yesterday else { throw CLIError("--end-date must be yesterday (UTC) or earlier, got \(text)") }
        guard day - Int64(days) + 1 >= now / UnixTime.secondsPerDay - 360 else {
            throw CLIError("--end-date \(text) is too old: the registry refuses readings older than 366 days")
        }
        return day
    }

    func run() async throws {
        let wallStart = DispatchTime.now().uptimeNanoseconds
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let bar = ProgressBar(force: progress, disable: noProgress)
        let last = try checkOptions(now: Date.nowSeconds)
        let firstDay = last - Int64(days) + 1
        let periodStart = firstDay * UnixTime.secondsPerDay
        let periodEnd = (last + 1) * UnixTime.secondsPerDay

        let n = Neighbourhood(seed: seed, producers: producers, firstDay: firstDay)
        let weather = Weather(seed: seed, days: days)
        let energies = n.devices.map {
            ProductionModel.energies($0, weather: weather, firstDayStart: periodStart, seed: seed)
        }
        let consumption = ConsumptionProfile(seed: seed, firstDayStart: periodStart, days: days)
        let plan = ReadingPlan(neighbourhood: n, energies: energies, firstDayStart: periodStart, days: days)

        let dataDir = try DemoRegistry.prepare(out: out)
        bar.step("registry in \(dataDir)")
        let (genesis, keyFile) = try await DemoRegistry.create(in: dataDir, neighbourhood: n)
        let server = try await InProcessServer.start(
            dataDir: dataDir, checkpointKey: n.checkpointKey, port: port ?? (serve ? 7318 : nil), checkpointEvery: 1000,
            label: "demo")
        let url = "http://127.0.0.1:\(server.port)/"
        do {
            let api = DemoAPI(client: server.client, domain: genesis.config.domain)
            bar.step(
                "registering \(n.devices.count) devices, \(n.devices.count + 1) oracles (quorum 2), GO+GC policies")
            try await DemoRegistry.populate(api, neighbourhood: n)
            bar.step("posting \(plan.items.count + 2) signed readings")
            let tally = try await ReadingPoster.post(plan, api: api, progress: bar)
            let market = try await DemoMarket(
                api: api, neighbourhood: n, consumption: consumption, sunAsset: genesis.rewardAsset.text,
                sunToken: genesis.rewardAsset.tokenAddress, periodStart: periodStart, periodEnd: periodEnd
            ).run(progress: bar)
            bar.step("statements and hourly matching")
            let statements = try await DemoStatements.run(
                api: api, registryAddress: n.checkpointKey.address, cancellations: market.cancellations,
                office: n.consumers.first { $0.role == .office }!, consumption: consumption, out: out)
            var summary = try await DemoSummary.collect(
                api: api, neighbourhood: n, periodStart: periodStart, days: days, consumption: consumption,
                market: market)
            summary.seed = seed
            summary.days = days
            summary.producers = producers
            summary.firstDay = String(UnixTime.iso(periodStart).prefix(10))
            summary.endDate = String(UnixTime.iso(last * UnixTime.secondsPerDay).prefix(10))
            summary.tally = tally
            summary.skies = weather.skies
            summary.statements = statements
            if serve { summary.url = url }
            let reportFile = (out as NSString).appendingPathComponent("report.html")
            let summaryFile = (out as NSString).appendingPathComponent("summary.json")
            summary.files = [
                ("out", out), ("dataDir", dataDir), ("keystore", keyFile.path), ("report", reportFile),
                ("summary", summaryFile),
            ]
            if let file = statements.statementFile { summary.files.append(("statement", file)) }
            summary.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
            let document = DemoJSON.pretty(summary.json) + "\n"
            try Data(document.utf8).write(to: URL(fileURLWithPath: summaryFile))
            try Data(DemoReport.html(summary).utf8).write(to: URL(fileURLWithPath: reportFile))
            // Unbuffered: the `serving` line must reach a pipe at once (a test waits for it).
            FileHandle.standardOutput.write(Data((json ? document : summary.text).utf8))
            if serve {
                FileHandle.standardOutput.write(Data("serving \(url)\n".utf8))
                let signal = await SignalWaiter().wait()
                Output.note("helio demo: signal \(signal), stopping")
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

/// Waits for SIGINT or SIGTERM (both ignored by default handling meanwhile, so the process survives to
/// stop the server gracefully).
final class SignalWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [any DispatchSourceSignal] = []
    private var continuation: CheckedContinuation<Int32, Never>?
    private var received: Int32?

    func wait() async -> Int32 {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in deliver(number) }
            source.resume()
            lock.withLock { sources.append(source) }
        }
        return await withCheckedContinuation { c in
            let ready: Int32? = lock.withLock {
                if let received { return received }
                continuation = c
                return nil
            }
            if let ready { c.resume(returning: ready) }
        }
    }

    private func deliver(_ number: Int32) {
        let waiting: CheckedContinuation<Int32, Never>? = lock.withLock {
            guard received == nil else { return nil }
            received = number
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: number)
    }
}
