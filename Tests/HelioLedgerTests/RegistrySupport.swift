import HelioCrypto
import Testing

@testable import HelioLedger

/// The registry tests' keys (scalars 11…17, apart from `TestKey`'s 1…6). Never use them outside tests.
enum RegistryKey {
    static let registry = TestKey.scalar(11)
    static let body = TestKey.scalar(12)
    static let oracleA = TestKey.scalar(13)
    static let oracleB = TestKey.scalar(14)
    static let oracleC = TestKey.scalar(15)
    static let owner = TestKey.scalar(16)
    static let stranger = TestKey.scalar(17)
}

/// The registry tests' addresses.
enum Party {
    static let registry = RegistryKey.registry.address
    static let body = RegistryKey.body.address
    static let a = RegistryKey.oracleA.address
    static let b = RegistryKey.oracleB.address
    static let c = RegistryKey.oracleC.address
    static let owner = RegistryKey.owner.address
    static let stranger = RegistryKey.stranger.address
}

/// Times of the reading tests: midsummer in Copenhagen, when the sun is high at 10:00 UTC and about
/// 11° below the horizon at 23:00 UTC.
enum Sunny {
    /// 2026-06-21 00:00:00 UTC.
    static let day: Int64 = 1_782_000_000
    /// 10:00 UTC that day: the start of the test's usual period.
    static let ten = day + 36_000
    /// The registry's clock in the tests: 10:16:40 UTC, just after the 10:00–10:15 period ended.
    static let now = ten + 1_000
    /// 23:00 UTC the evening before: deep night in Copenhagen.
    static let night = day - 3_600
}

/// The devices of the reading tests.
enum Devices {
    /// A 5 kW rooftop solar plant in Copenhagen (55.676098 N, 12.568337 E) with one 15-minute meter.
    static let solar = DeviceRegistration(
        id: "DK-CPH-1", name: "Rooftop, Copenhagen", owner: Party.owner, energySource: "F01040100",
        technology: "T010101", capacityW: 5_000, commissioningDate: "2021-06-01", country: "DK",
        latitudeE6: 55_676_098, longitudeE6: 12_568_337, gridArea: "DK2",
        meters: [MeterSpec(id: "M-SOLAR", intervalSeconds: 900)])

    /// A 2 MW wind turbine at the same place: readings are recorded and issued without reward.
    static let wind = DeviceRegistration(
        id: "DK-WIND-1", name: "Turbine, Copenhagen", owner: Party.owner, energySource: "F01050100",
        technology: "T020000", capacityW: 2_000_000, commissioningDate: "2021-06-01", country: "DK",
        latitudeE6: 55_676_098, longitudeE6: 12_568_337, gridArea: "DK2", support: "production",
        meters: [MeterSpec(id: "M-WIND", intervalSeconds: 900)])

    /// Most energy the solar device may report for 900 s: 5000 W × 900 s × 110 % / 3600 s/h.
    static let solarLimitWh: UInt64 = 1_375
}

/// A ledger with a reward asset, a configured registry, the solar and wind devices and three oracles,
/// where tests register, assign and ingest readings with the registry's clock at `now`. Entries are
/// counted like a journal: one per command, one per ingest call that accepted something.
struct RegistryLedger {
    var state = LedgerState()
    var entries: UInt64 = 0
    var now = Sunny.now
    let sun: AssetID

    /// Defines the reward asset (registry key, nonce 0), configures the registry with the issuing body
    /// (nonce 1), registers both devices and oracles A, B, C, and, when `oracles` is not empty, assigns
    /// them to both meters from `validFrom` with `quorum`.
    init(oracles: [Address] = [Party.a], quorum: UInt8 = 1, validFrom: Int64 = 0) throws {
        sun = AssetID(issuer: Party.registry, nonce: 0)
        try run(
            Party.registry,
            .defineAsset(Fixture.definition(issuer: Party.registry, nonce: 0, minters: [Party.registry])))
        try run(Party.registry, .configureRegistry(.init(issuingBodies: [Party.body], rewardAsset: sun)))
        try run(Party.body, .registerDevice(.init(Devices.solar)))
        try run(Party.body, .registerDevice(.init(Devices.wind)))
        for (o, name) in [(Party.a, "Oracle A"), (Party.b, "Oracle B"), (Party.c, "Oracle C")] {
            try run(Party.body, .registerOracle(.init(oracle: o, name: name)))
        }
        if !oracles.isEmpty {
            for meter in ["M-SOLAR", "M-WIND"] { try assign(meter, oracles, quorum: quorum, validFrom: validFrom) }
        }
    }

    var context: EntryContext { EntryContext(index: entries, time: now) }

    /// Applies `command` by `author` with the author's next nonce, as the next entry.
    @discardableResult
    mutating func run(_ author: Address, _ command: Command) throws(LedgerError) -> Outcome {
        let outcome = try state.apply(
            AuthenticatedCommand(author: author, nonce: state.nonce(author), command: command), context: context)
        entries += 1
        return outcome
    }

    mutating func assign(_ meter: String, _ oracles: [Address], quorum: UInt8, validFrom: Int64) throws(LedgerError) {
        try run(Party.body, .assignOracles(.init(meter: meter, oracles: oracles, quorum: quorum, validFrom: validFrom)))
    }

    /// Expects `command` by `author` to be refused with `code`, changing nothing.
    mutating func expectRefused(
        _ author: Address, _ command: Command, _ code: LedgerError.Code,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = state
        do {
            try run(author, command)
            Issue.record("expected \(code), but \(command.kind) was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        }
        #expect(state == before, "a refused command changed the state", sourceLocation: sourceLocation)
    }

    /// The reading as `oracle` would have signed it (the id is its signing digest under `testDomain`).
    static func attested(_ r: MeterReading, by oracle: Address) -> AttestedReading {
        AttestedReading(reading: r, oracle: oracle, id: ReadingTypedData.signingDigest(r, domain: testDomain))
    }

    /// Ingests readings as one entry (counted when something was accepted).
    @discardableResult
    mutating func ingest(_ readings: [AttestedReading]) -> (verdicts: [ReadingVerdict], outcome: Outcome) {
        let result = state.ingest(readings, context: context)
        if result.verdicts.contains(where: \.wasAccepted) { entries += 1 }
        return result
    }

    @discardableResult
    mutating func ingest(_ r: MeterReading, by oracle: Address) -> ReadingVerdict {
        ingest([Self.attested(r, by: oracle)]).verdicts[0]
    }

    /// Expects the reading by `oracle` to be accepted, and returns the issuance it completed, if any.
    @discardableResult
    mutating func expectAccepted(
        _ r: MeterReading, by oracle: Address, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Issuance? {
        let verdict = ingest(r, by: oracle)
        guard case .accepted(_, let issuance) = verdict else {
            Issue.record("expected accepted, got \(verdict)", sourceLocation: sourceLocation)
            return nil
        }
        return issuance
    }

    /// Expects the reading by `oracle` to be rejected with `code`, and the state (and its digest) unchanged.
    mutating func expectRejected(
        _ r: MeterReading, by oracle: Address, _ code: ReadingRejection.Code,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = state
        let digest = state.digest
        let (verdicts, outcome) = ingest([Self.attested(r, by: oracle)])
        if case .rejected(let why) = verdicts[0] {
            #expect(why.code == code, "\(why)", sourceLocation: sourceLocation)
            #expect(!why.message.isEmpty, sourceLocation: sourceLocation)
        } else {
            Issue.record("expected \(code.rawValue), got \(verdicts[0])", sourceLocation: sourceLocation)
        }
        #expect(outcome.changes.isEmpty && outcome.events.isEmpty, sourceLocation: sourceLocation)
        #expect(state == before, "a rejected reading changed the state", sourceLocation: sourceLocation)
        #expect(state.digest == digest, sourceLocation: sourceLocation)
    }

    func balance(_ account: Address) -> UInt256 { state.balance(sun, account) }
    var supply: UInt256 { state.assets[sun]!.totalSupply }
    func period(_ meter: String, _ start: Int64, _ end: Int64) -> PeriodRecord? {
        state.registry.meters[meter]?.period(start: start, end: end)
    }
}

/// A reading of `meter` over [start, start + seconds).
func reading(
    _ meter: String = "M-SOLAR", at start: Int64 = Sunny.ten, seconds: Int64 = 900, energyWh: UInt64 = 1_000,
    cumulativeWh: Int64? = nil
) -> MeterReading {
    MeterReading(
        meter: meter, periodStart: start, periodEnd: start + seconds, energyWh: energyWh, cumulativeWh: cumulativeWh)
}

/// The reward of `energyWh`: 10^12 base units per Wh.
func reward(_ energyWh: UInt64) -> UInt256 { UInt256(energyWh).multiplied(by: 1_000_000_000_000)! }

extension ReadingVerdict {
    var wasAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}

/// One command of every registry kind (for digest, JSON and signature tests).
enum AdminCommands {
    static let sun = AssetID(issuer: Party.registry, nonce: 0)
    static let all: [Command] = [
        .configureRegistry(.init(issuingBodies: [Party.body, Party.a], rewardAsset: sun)),
        .configureRegistry(
            .init(
                issuingBodies: [], rewardAsset: sun,
                policy: ReadingPolicy(
                    maxAgeSeconds: .max, futureSkewSeconds: 0, capacityMarginPercent: 1000,
                    sunToleranceCentidegrees: 1800))),
        .registerDevice(.init(Devices.solar)),
        .registerDevice(
            .init(
                DeviceRegistration(
                    id: "AR-S:1", name: "Südpol ☀ \"quoted\"", owner: Party.stranger, energySource: "F01050100",
                    technology: "T020000", capacityW: DeviceRegistration.maxCapacityW, commissioningDate: "2000-02-29",
                    country: "AR", latitudeE6: -90_000_000, longitudeE6: -180_000_000, gridArea: "x",
                    support: "investment+production",
                    meters: [MeterSpec(id: "m1", intervalSeconds: 60), MeterSpec(id: "m2", intervalSeconds: 3600)]))),
        .registerOracle(.init(oracle: Party.a, name: "Oracle A")),
        .assignOracles(.init(meter: "M-SOLAR", oracles: [Party.a, Party.b, Party.c], quorum: 2, validFrom: 0)),
        .assignOracles(.init(meter: "m", oracles: [Party.c], quorum: 255, validFrom: .max)),
        .setDeviceStatus(.init(device: "DK-CPH-1", active: false, reason: "meter replaced")),
        .setDeviceStatus(.init(device: "DK-CPH-1", active: true, reason: "")),
        .setOracleStatus(.init(oracle: Party.b, active: false, reason: "key rotated")),
    ]
}

/// One command of every certificate kind, with edge values (for digest, JSON and signature tests).
enum CertificateCommands {
    static let all: [Command] = [
        .configureCertificates(.init(issuer: "Energinet ☀", goExpiryMonths: 60, gcExpiryDays: 3650)),
        .setIssuancePolicy(.init(device: "DK-CPH-1", schemes: [.go, .gc])),
        .setIssuancePolicy(.init(device: "DK-CPH-1", schemes: [])),
        .transferCertificate(.init(part: "GC-12.3", to: Party.stranger, volumeWh: .max)),
        .cancelCertificate(
            .init(
                part: "GO-1.0", volumeWh: 1, beneficiaryCommitment: try! Hash32([UInt8](repeating: 0xAB, count: 32)),
                purpose: "Scope 2 \"market-based\"", consumptionStart: 0, consumptionEnd: 1, location: "DK1")),
        .withdrawLot(.init(lot: "GC-7", reason: "meter misread")),
    ]
}
