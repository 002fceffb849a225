import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry

/// The readings of the simulated days, as both oracles of every meter sign them, with the planned faults:
/// 1. `night`: a PV meter reports energy at 01:00 UTC on the first day (the registry: `sun_down`);
/// 2. `replay`: a reading already recorded is posted again, byte for byte (`already_recorded`: counted once);
/// 3. `tampered`: the same signature over a reading whose energy was raised (`unknown_signer`: the signature
///    now recovers a key that is no oracle);
/// 4. `disagree`: the data hub reports 10 % more than the meter for one PV period at noon on the last day,
///    without a register (accepted as an attestation; the period is disputed and never issued).
struct ReadingPlan: Sendable {
    enum Fault: String, Sendable, CaseIterable {
        case night, replay, tampered, disagree

        var title: String {
            switch self {
            case .night: "a night-time solar reading"
            case .replay: "a replayed reading (the same signed reading again)"
            case .tampered: "a replayed reading with its energy altered"
            case .disagree: "an oracle that disagrees (the data hub differs from the meter)"
            }
        }
    }

    struct Item: Sendable {
        let reading: MeterReading
        let signer: Secp256k1.PrivateKey
        let fault: Fault?
    }

    /// Every reading in posting order (the night fault first, then interval by interval, device by device,
    /// the meter before the data hub), and the two replays that go last, built from signed readings.
    let items: [Item]
    /// The index in `items` of the reading replayed at the end.
    let replayed: Int
    /// (device index, interval index) of the disputed period.
    let disputed: (device: Int, interval: Int)
    let nightDevice: Int

    init(neighbourhood n: Neighbourhood, energies: [[UInt64]], firstDayStart: Int64, days: Int) {
        var rng = SeededRandom(seed: n.seed, stream: "faults")
        let pv = n.pv
        let nightDevice = pv[rng.int(in: 0...(pv.count - 1))].index
        let disputedDevice = pv[rng.int(in: 0...(pv.count - 1))].index
        // 11:00 UTC on the last day: noon in Denmark, the sun is up in every season.
        let disputedInterval = (days - 1) * Weather.intervalsPerDay + 44
        let interval = Neighbourhood.intervalSeconds
        var items: [Item] = []
        let night = n.devices[nightDevice]
        let nightStart = firstDayStart + 4 * interval
        items.append(
            Item(
                reading: MeterReading(
                    meter: night.meter, periodStart: nightStart, periodEnd: nightStart + interval,
                    energyWh: max(1, ProductionModel.ceilingWh(night) / 10)),
                signer: night.meterSigner, fault: .night))
        var registers = n.devices.map(\.startRegisterWh)
        var replayed = 0
        for i in 0..<(days * Weather.intervalsPerDay) {
            let start = firstDayStart + Int64(i) * interval
            for d in n.devices {
                let energy = energies[d.index][i]
                registers[d.index] += Int64(energy)
                let reading = MeterReading(
                    meter: d.meter, periodStart: start, periodEnd: start + interval, energyWh: energy,
                    cumulativeWh: registers[d.index])
                // The wind meter's reading at 10:00 UTC on the first day is the one replayed.
                if d.kind == .wind && i == 40 { replayed = items.count }
                items.append(Item(reading: reading, signer: d.meterSigner, fault: nil))
                if d.index == disputedDevice && i == disputedInterval {
                    let differing = MeterReading(
                        meter: d.meter, periodStart: start, periodEnd: start + interval,
                        energyWh: energy + max(1, energy / 10))
                    items.append(Item(reading: differing, signer: n.dataHub, fault: .disagree))
                } else {
                    items.append(Item(reading: reading, signer: n.dataHub, fault: nil))
                }
            }
        }
        self.items = items
        self.replayed = replayed
        self.disputed = (disputedDevice, disputedInterval)
        self.nightDevice = nightDevice
    }

    /// Every item signed under `domain`, in order, on all cores.
    func sign(domain: CommandDomain) async throws -> [SignedReading] {
        let signed = await ParallelMap.map(items, minimumPerWorker: 256) { item in
            Result { try SignedReading.sign(item.reading, domain: domain, with: item.signer) }
        }
        return try signed.map { try $0.get() }
    }

    /// The two replays of the reading at `replayed`: the same bytes, and the same signature over more energy.
    func replays(of signed: [SignedReading]) -> [(SignedReading, Fault)] {
        let original = signed[replayed]
        var altered = original.reading
        altered.energyWh += 100
        return [(original, .replay), (SignedReading(reading: altered, signature: original.signature), .tampered)]
    }
}

/// What the registry answered to the readings: counts, rejections by reason, and each fault's outcome.
struct ReadingTally: Sendable {
    struct FaultOutcome: Sendable {
        let fault: ReadingPlan.Fault
        let meter: String
        let periodStart: Int64
        let outcome: String
        let reason: String?
        let detail: String?
    }

    var posted = 0
    var accepted = 0
    var alreadyRecorded = 0
    var rejectedByReason: [String: Int] = [:]
    var faults: [FaultOutcome] = []
    var seconds = 0.0

    var rejected: Int { rejectedByReason.values.reduce(0, +) }
    var perSecond: Double { seconds > 0 ? Double(posted) / seconds : 0 }
}

/// Signs the plan's readings and posts them in requests of `batch` to `POST /v1/readings`, in order, one
/// request at a time (so the journal is the same on every run), showing progress; then the replays.
enum ReadingPoster {
    static let batch = 500

    static func post(
        _ plan: ReadingPlan, api: DemoAPI, progress: ProgressBar
    ) async throws -> ReadingTally {
        let started = DispatchTime.now().uptimeNanoseconds
        let signed = try await plan.sign(domain: api.domain)
        let replays = plan.replays(of: signed)
        var tally = ReadingTally()
        let total = signed.count + replays.count
        progress.start(total: total, unit: "readings")
        var offset = 0
        while offset < signed.count {
            let end = min(signed.count, offset + batch)
            let faults = plan.items[offset..<end].map(\.fault)
            try await send(Array(signed[offset..<end]), faults: faults, api: api, into: &tally)
            offset = end
            progress.update(done: offset, seconds: seconds(since: started))
        }
        try await send(replays.map(\.0), faults: replays.map(\.1), api: api, into: &tally)
        tally.seconds = seconds(since: started)
        progress.update(done: total, seconds: tally.seconds)
        progress.finish()
        return tally
    }

    private static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// One request. A simulated reading that is not accepted means the model is wrong: that stops the demo.
    private static func send(
        _ readings: [SignedReading], faults: [ReadingPlan.Fault?], api: DemoAPI, into tally: inout ReadingTally
    ) async throws {
        let reply = try await api.client.post("/v1/readings", body: ReadingsBody.signed(readings))
        guard reply.status == 200 else { throw CLIError("demo: POST /v1/readings: \(reply.problem().message)") }
        let view = try JSONDecoder().decode(ReadingsReplyView.self, from: Data(reply.body))
        guard view.results.count == readings.count else {
            throw CLIError("demo: POST /v1/readings answered \(view.results.count) results for \(readings.count)")
        }
        tally.posted += readings.count
        for (i, result) in view.results.enumerated() {
            switch result.outcome {
            case "accepted": tally.accepted += 1
            case "already_recorded": tally.alreadyRecorded += 1
            default: tally.rejectedByReason[result.reason ?? result.outcome, default: 0] += 1
            }
            let r = readings[i].reading
            if let fault = faults[i] {
                tally.faults.append(
                    .init(
                        fault: fault, meter: r.meter, periodStart: r.periodStart, outcome: result.outcome,
                        reason: result.reason, detail: result.detail))
            } else if result.outcome != "accepted" {
                throw CLIError(
                    "demo: the registry refused a simulated reading of \(r.meter) at \(UnixTime.iso(r.periodStart)) "
                        + "(\(r.energyWh) Wh): \(result.reason ?? result.outcome): \(result.detail ?? "")")
            }
        }
    }
}
