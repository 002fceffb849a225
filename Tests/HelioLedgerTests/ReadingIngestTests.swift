import HelioCrypto
import Testing

@testable import HelioLedger

/// The reading checks, one reason code at a time (every rejection leaves the state exactly as it was),
/// then quorum, issuance and the rules across periods. `bad_signature` is decided before the ledger
/// (ReadingRoutesTests covers it).
@Suite struct ReadingIngestTests {
    // MARK: one test per reason code

    @Test func malformedFields() throws {
        var ledger = try RegistryLedger()
        ledger.expectRejected(reading("M SOLAR"), by: Party.a, .malformed)
        ledger.expectRejected(reading(""), by: Party.a, .malformed)
        ledger.expectRejected(reading(at: -900), by: Party.a, .malformed)
        ledger.expectRejected(reading(energyWh: MeterReading.maxEnergyWh + 1), by: Party.a, .malformed)
        ledger.expectRejected(reading(cumulativeWh: -1), by: Party.a, .malformed)
    }

    @Test func unknownSigner() throws {
        var ledger = try RegistryLedger()
        ledger.expectRejected(reading(), by: Party.stranger, .unknownSigner)
        // The issuing body and the registry key are not oracles either.
        ledger.expectRejected(reading(), by: Party.body, .unknownSigner)
        ledger.expectRejected(reading(), by: Party.registry, .unknownSigner)
    }

    @Test func oracleSuspendedThenReinstated() throws {
        var ledger = try RegistryLedger()
        try ledger.run(Party.body, .setOracleStatus(.init(oracle: Party.a, active: false, reason: "key leaked")))
        #expect(ledger.state.registry.oracles[Party.a]?.statusReason == "key leaked")
        ledger.expectRejected(reading(), by: Party.a, .oracleSuspended)
        try ledger.run(Party.body, .setOracleStatus(.init(oracle: Party.a, active: true, reason: "new key checked")))
        #expect(ledger.expectAccepted(reading(), by: Party.a) != nil)
    }

    @Test func unknownMeter() throws {
        var ledger = try RegistryLedger()
        ledger.expectRejected(reading("M-NONE"), by: Party.a, .unknownMeter)
    }

    @Test func deviceSuspendedThenReinstated() throws {
        var ledger = try RegistryLedger()
        try ledger.run(Party.body, .setDeviceStatus(.init(device: "DK-CPH-1", active: false, reason: "audit")))
        ledger.expectRejected(reading(), by: Party.a, .deviceSuspended)
        // The other device is not affected.
        #expect(ledger.expectAccepted(reading("M-WIND"), by: Party.a) != nil)
        try ledger.run(Party.body, .setDeviceStatus(.init(device: "DK-CPH-1", active: true, reason: "audit passed")))
        #expect(ledger.state.registry.devices["DK-CPH-1"]?.active == true)
        #expect(ledger.expectAccepted(reading(), by: Party.a) != nil)
    }

    @Test func oracleNotAssigned() throws {
        var ledger = try RegistryLedger(oracles: [Party.a, Party.b], quorum: 1)
        ledger.expectRejected(reading(), by: Party.c, .oracleNotAssigned)
        // A meter without any assignment.
        var bare = try RegistryLedger(oracles: [])
        bare.expectRejected(reading(), by: Party.a, .oracleNotAssigned)
    }

    @Test func periodInvalid() throws {
        var ledger = try RegistryLedger()
        ledger.expectRejected(reading(seconds: 0), by: Party.a, .periodInvalid)
        ledger.expectRejected(reading(seconds: -900), by: Party.a, .periodInvalid)
    }

    @Test func periodMisaligned() throws {
        var ledger = try RegistryLedger()
        ledger.expectRejected(reading(at: Sunny.ten + 60), by: Party.a, .periodMisaligned)
        ledger.expectRejected(reading(seconds: 600), by: Party.a, .periodMisaligned)
        ledger.expectRejected(reading(at: Sunny.ten - 300, seconds: 300), by: Party.a, .periodMisaligned)
    }

    @Test func periodTooLong() throws {
        var ledger = try RegistryLedger()
        ledger.expectRejected(reading(at: Sunny.ten - 3_600, seconds: 4_500), by: Party.a, .periodTooLong)
        // Exactly one hour is allowed.
        #expect(
            ledger.expectAccepted(reading(at: Sunny.ten - 3_600, seconds: 3_600, energyWh: 4_000), by: Party.a) != nil)
    }

    @Test func periodInFuture() throws {
        var ledger = try RegistryLedger()
        // Ends at 10:45, the clock says 10:16:40 (+ 300 s skew).
        ledger.expectRejected(reading(at: Sunny.ten + 1_800), by: Party.a, .periodInFuture)
        // 10:15–10:30 ends 800 s after the clock: beyond the 300 s skew. At 10:25 it is within it.
        ledger.expectRejected(reading(at: Sunny.ten + 900), by: Party.a, .periodInFuture)
        ledger.now = Sunny.ten + 1_800 - 300
        #expect(ledger.expectAccepted(reading(at: Sunny.ten + 900), by: Party.a) != nil)
    }

    @Test func periodTooOld() throws {
        var ledger = try RegistryLedger()
        // A year and two days before: more than the policy's 366 days.
        ledger.expectRejected(reading(at: Sunny.ten - 367 * 86_400 - 900), by: Party.a, .periodTooOld)
    }

    @Test func beforeCommissioning() throws {
        var ledger = try RegistryLedger()
        var young = Devices.solar
        young.id = "DK-CPH-2"
        young.commissioningDate = "2026-06-21"
        young.meters = [MeterSpec(id: "M-YOUNG", intervalSeconds: 900)]
        try ledger.run(Party.body, .registerDevice(.init(young)))
        try ledger.assign("M-YOUNG", [Party.a], quorum: 1, validFrom: 0)
        ledger.expectRejected(reading("M-YOUNG", at: Sunny.day - 900, energyWh: 0), by: Party.a, .beforeCommissioning)
        #expect(ledger.expectAccepted(reading("M-YOUNG"), by: Party.a) != nil)
    }

    @Test func periodOverlap() throws {
        var ledger = try RegistryLedger(oracles: [Party.a, Party.b], quorum: 2)
        ledger.now = Sunny.ten + 2_000
        #expect(ledger.expectAccepted(reading(), by: Party.a) == nil)
        // Another oracle's different period that overlaps: refused; the exact same period is an attestation.
        ledger.expectRejected(reading(at: Sunny.ten - 900, seconds: 1_800), by: Party.b, .periodOverlap)
        ledger.expectRejected(reading(seconds: 1_800), by: Party.a, .periodOverlap)
        let meter = try #require(ledger.state.registry.meters["M-SOLAR"])
        #expect(meter.periods.count == 1)
        #expect(ledger.expectAccepted(reading(), by: Party.b) != nil)
    }

    @Test func alreadyAttested() throws {
        var ledger = try RegistryLedger(oracles: [Party.a, Party.b], quorum: 2)
        ledger.expectAccepted(reading(energyWh: 1_000), by: Party.a)
        ledger.expectRejected(reading(energyWh: 1_001), by: Party.a, .alreadyAttested)
        ledger.expectRejected(reading(energyWh: 1_000, cumulativeWh: 5_000), by: Party.a, .alreadyAttested)
    }

    @Test func registerBackwards() throws {
        var ledger = try RegistryLedger()
        ledger.expectAccepted(reading(at: Sunny.ten - 900, energyWh: 400, cumulativeWh: 10_000), by: Party.a)
        // A later, non-adjacent period whose register is lower.
        ledger.now = Sunny.ten + 2_000
        ledger.expectRejected(
            reading(at: Sunny.ten + 900, energyWh: 0, cumulativeWh: 9_999), by: Party.a, .registerBackwards)
        // An earlier period whose register is higher than the later one's.
        ledger.expectRejected(
            reading(at: Sunny.ten - 2_700, energyWh: 0, cumulativeWh: 10_001), by: Party.a, .registerBackwards)
    }

    @Test func registerMismatch() throws {
        var ledger = try RegistryLedger()
        ledger.expectAccepted(reading(at: Sunny.ten - 900, energyWh: 400, cumulativeWh: 10_000), by: Party.a)
        // Adjacent after: the register rose by 400, the reading says 500.
        ledger.expectRejected(reading(energyWh: 500, cumulativeWh: 10_400), by: Party.a, .registerMismatch)
        // Adjacent before: the next period's register 10 000 − this 9 700 = 300, but it says 400.
        ledger.expectRejected(
            reading(at: Sunny.ten - 1_800, energyWh: 300, cumulativeWh: 9_700), by: Party.a, .registerMismatch)
    }

    @Test func exceedsCapacity() throws {
        var ledger = try RegistryLedger()
        ledger.expectRejected(reading(energyWh: Devices.solarLimitWh + 1), by: Party.a, .exceedsCapacity)
        // The limit scales with the period: one hour allows 4 × 1375 Wh.
        ledger.expectRejected(
            reading(at: Sunny.ten - 3_600, seconds: 3_600, energyWh: 4 * Devices.solarLimitWh + 1), by: Party.a,
            .exceedsCapacity)
        let issuance = ledger.expectAccepted(reading(energyWh: Devices.solarLimitWh), by: Party.a)
        #expect(issuance?.energyWh == Devices.solarLimitWh)
    }

    @Test func sunDown() throws {
        var ledger = try RegistryLedger()
        ledger.expectRejected(reading(at: Sunny.night, energyWh: 1), by: Party.a, .sunDown)
        // Zero energy at night is a valid reading.
        let issuance = ledger.expectAccepted(reading(at: Sunny.night, energyWh: 0), by: Party.a)
        #expect(issuance?.reward == .zero)
    }

    /// Every code is tested above, except bad_signature which the ledger never produces.
    @Test func everyReasonCodeIsCovered() {
        let covered: Set<ReadingRejection.Code> = [
            .malformed, .unknownSigner, .oracleSuspended, .unknownMeter, .deviceSuspended, .oracleNotAssigned,
            .periodInvalid, .periodMisaligned, .periodTooLong, .periodInFuture, .periodTooOld, .beforeCommissioning,
            .periodOverlap, .alreadyAttested, .registerBackwards, .registerMismatch, .exceedsCapacity, .sunDown,
        ]
        #expect(Set(ReadingRejection.Code.allCases).subtracting(covered) == [.badSignature])
    }

    // MARK: acceptance and issuance

    @Test func anAcceptedReadingMintsItsEnergyToTheOwner() throws {
        var ledger = try RegistryLedger()
        let before = ledger.state.digest
        let r = reading(energyWh: 1_234, cumulativeWh: 88_000)
        let attested = RegistryLedger.attested(r, by: Party.a)
        let entry = ledger.entries
        let (verdicts, outcome) = ledger.ingest([attested])
        let expected = Issuance(
            device: "DK-CPH-1", meter: "M-SOLAR", periodStart: Sunny.ten, periodEnd: Sunny.ten + 900, energyWh: 1_234,
            reward: reward(1_234), owner: Party.owner, entry: entry, readingIDs: [attested.id])
        #expect(
            verdicts == [
                .accepted(
                    period: PeriodStatus(attestations: 1, quorum: 1, issued: true, disputed: false), issuance: expected)
            ])
        #expect(reward(1_234) == UInt256(decimal: "1234000000000000")!)
        #expect(ledger.balance(Party.owner) == reward(1_234))
        #expect(ledger.supply == reward(1_234))
        #expect(outcome.events == [.transfer(asset: ledger.sun, from: .zero, to: Party.owner, value: reward(1_234))])
        let period = try #require(ledger.period("M-SOLAR", Sunny.ten, Sunny.ten + 900))
        #expect(period.issuance == expected)
        #expect(
            period.attestations == [
                Attestation(
                    oracle: Party.a, energyWh: 1_234, cumulativeWh: 88_000, readingID: attested.id, entry: entry)
            ])
        #expect(ledger.state.registry.issuances(device: "DK-CPH-1") == [expected])
        #expect(ledger.state.digest != before)
        // Nonces belong to commands: readings use none.
        #expect(ledger.state.nonce(Party.a) == 0)
    }

    @Test func resendingIsIdempotent() throws {
        var ledger = try RegistryLedger()
        let r = reading(energyWh: 700)
        ledger.expectAccepted(r, by: Party.a)
        let before = ledger.state
        let (verdicts, outcome) = ledger.ingest([RegistryLedger.attested(r, by: Party.a)])
        #expect(
            verdicts == [
                .alreadyRecorded(period: PeriodStatus(attestations: 1, quorum: 1, issued: true, disputed: false))
            ])
        #expect(outcome.changes.isEmpty && outcome.events.isEmpty)
        #expect(ledger.state == before)
        #expect(ledger.balance(Party.owner) == reward(700))
    }

    @Test func oneCallDecidesEachReadingInOrder() throws {
        var ledger = try RegistryLedger()
        let first = RegistryLedger.attested(reading(at: Sunny.ten - 900, energyWh: 100), by: Party.a)
        let bad = RegistryLedger.attested(reading(energyWh: 5_000), by: Party.a)
        let second = RegistryLedger.attested(reading(energyWh: 200), by: Party.a)
        let (verdicts, _) = ledger.ingest([first, bad, second, first])
        #expect(verdicts.map(\.wasAccepted) == [true, false, true, false])
        if case .alreadyRecorded = verdicts[3] {} else { Issue.record("a repeat in the same call: \(verdicts[3])") }
        #expect(ledger.balance(Party.owner) == reward(300))
    }

    @Test func quorumTwoOfThreeIssuesOnce() throws {
        var ledger = try RegistryLedger(oracles: [Party.a, Party.b, Party.c], quorum: 2)
        let r = reading(energyWh: 900, cumulativeWh: 4_000)
        // First attestation: pending.
        let first = ledger.ingest(r, by: Party.a)
        #expect(
            first
                == .accepted(
                    period: PeriodStatus(attestations: 1, quorum: 2, issued: false, disputed: false), issuance: nil))
        #expect(ledger.balance(Party.owner) == .zero)
        #expect(ledger.supply == .zero)
        // Second, agreeing: issued, naming both readings.
        let entry = ledger.entries
        let second = ledger.ingest(r, by: Party.b)
        let id = ReadingTypedData.signingDigest(r, domain: testDomain)
        let expected = Issuance(
            device: "DK-CPH-1", meter: "M-SOLAR", periodStart: r.periodStart, periodEnd: r.periodEnd, energyWh: 900,
            reward: reward(900), owner: Party.owner, entry: entry, readingIDs: [id, id])
        #expect(
            second
                == .accepted(
                    period: PeriodStatus(attestations: 2, quorum: 2, issued: true, disputed: false), issuance: expected)
        )
        #expect(ledger.balance(Party.owner) == reward(900))
        // Third, agreeing: recorded, nothing more minted.
        let third = ledger.ingest(r, by: Party.c)
        #expect(
            third
                == .accepted(
                    period: PeriodStatus(attestations: 3, quorum: 2, issued: true, disputed: false), issuance: nil))
        #expect(ledger.balance(Party.owner) == reward(900))
        #expect(ledger.supply == reward(900))
        let period = try #require(ledger.period("M-SOLAR", r.periodStart, r.periodEnd))
        #expect(period.attestations.map(\.oracle) == [Party.a, Party.b, Party.c])
        #expect(period.issuance == expected)
    }

    @Test func disagreementIsDisputedUntilAQuorumAgrees() throws {
        var ledger = try RegistryLedger(oracles: [Party.a, Party.b, Party.c], quorum: 2)
        ledger.ingest(reading(energyWh: 1_000), by: Party.a)
        let disagreeing = ledger.ingest(reading(energyWh: 1_001), by: Party.b)
        #expect(
            disagreeing
                == .accepted(
                    period: PeriodStatus(attestations: 2, quorum: 2, issued: false, disputed: true), issuance: nil))
        #expect(ledger.period("M-SOLAR", Sunny.ten, Sunny.ten + 900)?.disputed == true)
        #expect(ledger.supply == .zero)
        // A register disagreement is a disagreement too.
        var other = try RegistryLedger(oracles: [Party.a, Party.b], quorum: 2)
        other.ingest(reading(energyWh: 1_000, cumulativeWh: 50_000), by: Party.a)
        other.ingest(reading(energyWh: 1_000), by: Party.b)
        #expect(other.period("M-SOLAR", Sunny.ten, Sunny.ten + 900)?.disputed == true)
        #expect(other.supply == .zero)
        // C agrees with A: issued from A's and C's readings; the period stays visibly disputed.
        let resolved = ledger.ingest(reading(energyWh: 1_000), by: Party.c)
        guard case .accepted(let status, let issuance?) = resolved else {
            Issue.record("expected an issuance, got \(resolved)")
            return
        }
        #expect(status == PeriodStatus(attestations: 3, quorum: 2, issued: true, disputed: true))
        #expect(issuance.energyWh == 1_000)
        let id = ReadingTypedData.signingDigest(reading(energyWh: 1_000), domain: testDomain)
        #expect(issuance.readingIDs == [id, id])
        #expect(ledger.balance(Party.owner) == reward(1_000))
    }

    @Test func windIsIssuedWithoutRewardAndWithoutTheSunCheck() throws {
        var ledger = try RegistryLedger()
        let before = ledger.supply
        let (verdicts, outcome) = ledger.ingest([
            RegistryLedger.attested(reading("M-WIND", at: Sunny.night, energyWh: 400_000), by: Party.a)
        ])
        guard case .accepted(let status, let issuance?) = verdicts[0] else {
            Issue.record("expected an issuance, got \(verdicts[0])")
            return
        }
        #expect(status.issued)
        #expect(issuance.device == "DK-WIND-1")
        #expect(issuance.energyWh == 400_000)
        #expect(issuance.reward == .zero)
        #expect(outcome.events.isEmpty)
        #expect(ledger.supply == before)
        #expect(ledger.balance(Party.owner) == .zero)
        #expect(ledger.state.registry.devices["DK-WIND-1"]?.solar == false)
        #expect(ledger.state.registry.devices["DK-CPH-1"]?.solar == true)
        // Its capacity still bounds it: 2 MW × 900 s × 110 % = 550 000 Wh.
        ledger.expectRejected(reading("M-WIND", energyWh: 550_001), by: Party.a, .exceedsCapacity)
    }

    // MARK: rules across periods

    @Test func consistentRegistersAreAccepted() throws {
        var ledger = try RegistryLedger()
        ledger.expectAccepted(reading(at: Sunny.ten - 900, energyWh: 400, cumulativeWh: 10_000), by: Party.a)
        ledger.expectAccepted(reading(energyWh: 500, cumulativeWh: 10_500), by: Party.a)
        // Filling a gap between two: consistent with both neighbours.
        ledger.expectAccepted(reading(at: Sunny.ten - 2_700, energyWh: 300, cumulativeWh: 9_300), by: Party.a)
        ledger.expectAccepted(reading(at: Sunny.ten - 1_800, energyWh: 300, cumulativeWh: 9_600), by: Party.a)
        // A reading without a register is never checked against registers.
        ledger.expectAccepted(reading(at: Sunny.ten - 3_600, energyWh: 1_000), by: Party.a)
        let periods = try #require(ledger.state.registry.meters["M-SOLAR"]?.periods)
        #expect(periods.map(\.start) == [-3_600, -2_700, -1_800, -900, 0].map { Sunny.ten + $0 })
        #expect(ledger.balance(Party.owner) == reward(2_500))
    }

    @Test func assignmentsApplyFromTheirValidFrom() throws {
        var ledger = try RegistryLedger(oracles: [Party.a], quorum: 1, validFrom: Sunny.ten)
        ledger.expectRejected(reading(at: Sunny.ten - 900), by: Party.a, .oracleNotAssigned)
        ledger.expectAccepted(reading(), by: Party.a)
        // From 10:15 on, B replaces A.
        try ledger.assign("M-SOLAR", [Party.b], quorum: 1, validFrom: Sunny.ten + 900)
        ledger.now = Sunny.ten + 1_800
        ledger.expectRejected(reading(at: Sunny.ten + 900), by: Party.a, .oracleNotAssigned)
        ledger.expectAccepted(reading(at: Sunny.ten + 900), by: Party.b)
        // Before 10:15 the first assignment still holds: B may not attest 10:00 (nor an earlier period).
        ledger.expectRejected(reading(at: Sunny.ten - 900), by: Party.b, .oracleNotAssigned)
    }

    @Test func theDigestCoversRegistryState() throws {
        var ledger = try RegistryLedger(oracles: [Party.a, Party.b], quorum: 2)
        var digests: Set<[UInt8]> = [ledger.state.digest]
        ledger.ingest(reading(), by: Party.a)
        digests.insert(ledger.state.digest)
        ledger.ingest(reading(), by: Party.b)
        digests.insert(ledger.state.digest)
        try ledger.run(Party.body, .setOracleStatus(.init(oracle: Party.b, active: false, reason: "x")))
        digests.insert(ledger.state.digest)
        #expect(digests.count == 4)
    }
}
