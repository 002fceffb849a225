import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry

extension OracleCommand {
    /// A solar meter for demos and tests: one day of clear-sky readings dimmed by seeded clouds, each
    /// signed by the oracle's key and posted to a registry.
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a solar meter for one UTC day: sign and post its interval readings.",
            discussion: """
                Energy per interval is the clear-sky model's (HelioEnergy ClearSky) for the plant's capacity \
                and location, reduced by a cloud cover drawn from --seed (mean --clouds). Night intervals are \
                posted with 0 Wh. By default every interval that has already ended is posted at once, in \
                requests of --batch-size; --speed N replays them one by one at N times real time; --live \
                waits for each interval's end before posting it.
                """)

        @OptionGroup var server: ServerOptions
        @OptionGroup var signer: SignerOptions

        @Option(help: "The meter's id (registered, with this oracle assigned).")
        var meter: String

        @Option(name: .customLong("capacity-w"), help: "The plant's nameplate capacity, W.")
        var capacityW: UInt64

        @Option(help: "Latitude in decimal degrees (north positive), at most 6 decimals.")
        var lat: String

        @Option(help: "Longitude in decimal degrees (east positive), at most 6 decimals.")
        var lon: String

        @Option(help: "The UTC day to simulate, YYYY-MM-DD.")
        var date: String

        @Option(help: "Metering interval, seconds (the meter's: 60, 300, 600, 900, 1800 or 3600).")
        var interval: UInt32 = 900

        @Option(help: "Mean cloud cover, 0…1 (at most 3 decimals).")
        var clouds: String = "0"

        @Option(help: "Seed of the cloud cover (same seed, same readings).")
        var seed: UInt64 = 42

        @Option(name: .customLong("register-wh"), help: "The cumulative register at the start of the day, Wh.")
        var registerWh: Int64 = 0

        @Option(name: .customLong("batch-size"), help: "Readings per request (96 = a day of 15-minute intervals).")
        var batchSize: Int = 96

        @Option(help: "Replay the day N times faster than real time, one interval per request.")
        var speed: UInt32?

        @Flag(help: "Post each interval when its end has passed (for a live demo).")
        var live = false

        func validate() throws {
            guard DeviceRegistration.isIdentifier(meter) else { throw ValidationError("--meter is not an identifier") }
            guard capacityW > 0, capacityW <= DeviceRegistration.maxCapacityW else {
                throw ValidationError("--capacity-w must be 1…\(DeviceRegistration.maxCapacityW)")
            }
            guard DecimalText.microdegrees(lat, limit: 90) != nil else {
                throw ValidationError("--lat must be decimal degrees in −90…90 with at most 6 decimals")
            }
            guard DecimalText.microdegrees(lon, limit: 180) != nil else {
                throw ValidationError("--lon must be decimal degrees in −180…180 with at most 6 decimals")
            }
            guard UnixTime.day(Array(date.utf8)) != nil else { throw ValidationError("--date must be YYYY-MM-DD") }
            guard DeviceRegistration.allowedIntervals.contains(interval) else {
                throw ValidationError("--interval must be one of \(DeviceRegistration.allowedIntervals.sorted())")
            }
            guard let c = DecimalText.scaled(clouds, decimals: 3), (0...1000).contains(c) else {
                throw ValidationError("--clouds must be 0…1 with at most 3 decimals")
            }
            guard registerWh >= 0 else { throw ValidationError("--register-wh must not be negative") }
            guard (1...ReadingWire.maxReadingsPerRequest).contains(batchSize) else {
                throw ValidationError("--batch-size must be 1…\(ReadingWire.maxReadingsPerRequest)")
            }
            if speed != nil && live { throw ValidationError("give --speed or --live, not both") }
            if let speed, speed == 0 { throw ValidationError("--speed must be at least 1") }
        }

        func run() async throws {
            let solar = SolarMeter(
                meter: meter, capacityW: capacityW, latitudeE6: DecimalText.microdegrees(lat, limit: 90) ?? 0,
                longitudeE6: DecimalText.microdegrees(lon, limit: 180) ?? 0, intervalSeconds: Int64(interval),
                cloudsPerMille: UInt64(DecimalText.scaled(clouds, decimals: 3) ?? 0), seed: seed)
            let dayStart = (UnixTime.day(Array(date.utf8)) ?? 0) * UnixTime.secondsPerDay
            let readings = solar.day(startingAt: dayStart, registerWh: registerWh)
            let client = try server.client()
            let key = try signer.key()
            var poster = Poster(client: client, domain: try await client.domain(), key: key)

            if live {
                for (i, r) in readings.enumerated() {
                    let wait = r.periodEnd - Self.now()
                    if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
                    try await poster.post(readings[i...i], offset: i)
                }
            } else {
                let due = readings.prefix { $0.periodEnd <= Self.now() }
                let step = speed == nil ? batchSize : 1
                var i = 0
                while i < due.count {
                    if let speed, i > 0 {
                        try await Task.sleep(for: .milliseconds(Int64(interval) * 1000 / Int64(speed)))
                    }
                    try await poster.post(due[i..<min(i + step, due.count)], offset: i)
                    i += step
                }
                if due.count < readings.count {
                    Output.note(
                        "\(readings.count - due.count) intervals of \(date) have not ended yet: not posted "
                            + "(--live waits for them)")
                }
            }
            let t = poster.total
            print(
                "energy \(poster.energyWh) Wh, accepted \(t.accepted), rejected \(t.rejected) "
                    + "(already recorded \(t.alreadyRecorded))")
        }

        static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
    }

    /// Signs and posts slices of the day, keeping the totals.
    struct Poster {
        let client: HTTPClient
        let domain: CommandDomain
        let key: Secp256k1.PrivateKey
        var total = ReadingsSummary()
        /// Energy of the readings the registry accepted in this run, Wh.
        var energyWh: UInt64 = 0

        mutating func post(_ slice: ArraySlice<MeterReading>, offset: Int) async throws {
            let readings = Array(slice)
            let signed = try readings.map { try SignedReading.sign($0, domain: domain, with: key) }
            let reply = try await client.post("/v1/readings", body: ReadingsBody.signed(signed)).json()
            let summary = try ReadingsSummary(reply: reply)
            if case .array(let results) = reply["results"] {
                for (i, r) in results.enumerated() where r["outcome"] == .string("accepted") && i < readings.count {
                    energyWh += readings[i].energyWh
                }
            }
            let span =
                "\(UnixTime.iso(readings[0].periodStart))…\(UnixTime.iso(readings[readings.count - 1].periodEnd))"
            print("posted \(readings.count) \(readings.count == 1 ? "reading" : "readings") \(span): \(summary.line)")
            for line in summary.rejectionLines(offset: offset) { print(line) }
            total += summary
        }
    }
}
