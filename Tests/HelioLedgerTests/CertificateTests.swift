import HelioCrypto
import HelioEnergy
import Testing

@testable import HelioLedger

/// Certificates from verified energy: GC device-hours, GO whole MWh with the remainder carried, parts and
/// their lineage, cancellation, withdrawal and expiry. Every refusal leaves the state exactly as it was.
@Suite struct CertificateTests {
    /// A ledger whose solar device gets GCs and whose wind device gets GOs (and GCs when `windGC`).
    static func ledger(windGC: Bool = false) throws -> RegistryLedger {
        var l = try RegistryLedger()
        try l.run(Party.body, .setIssuancePolicy(.init(device: "DK-CPH-1", schemes: [.gc])))
        try l.run(Party.body, .setIssuancePolicy(.init(device: "DK-WIND-1", schemes: windGC ? [.go, .gc] : [.go])))
        return l
    }

    /// The four quarter-hours of 10:00–11:00 on the solar meter, with these energies.
    static func solarHour(_ ledger: inout RegistryLedger, _ energies: [UInt64] = [200, 300, 400, 500]) {
        ledger.now = max(ledger.now, Sunny.ten + 3_600 + 60)
        for (k, e) in energies.enumerated() {
            ledger.expectAccepted(reading(at: Sunny.ten + Int64(k) * 900, energyWh: e), by: Party.a)
        }
    }

    @Test func aGCIsIssuedWhenTheDeviceHourIsComplete() throws {
        var l = try Self.ledger()
        Self.solarHour(&l, [200, 300, 400])
        #expect(l.state.certificates.lots.isEmpty)
        #expect(l.state.certificates.pendingHours["DK-CPH-1"]?[Sunny.ten]?.energyWh == 900)
        l.expectAccepted(reading(at: Sunny.ten + 2_700, energyWh: 500), by: Party.a)
        let lot = try #require(l.state.certificates.lots["GC-1"])
        #expect(lot.scheme == .gc && lot.volumeWh == 1_400)
        #expect(lot.productionStart == Sunny.ten && lot.productionEnd == Sunny.ten + 3_600)
        #expect(lot.expiresAt == Sunny.ten + 3_600 + 730 * 86_400)
        #expect(lot.readingIDs.count == 4 && lot.device.gridArea == "DK2" && lot.issuingBody == Party.body)
        #expect(lot.issuanceEntry == l.entries - 1)
        let part = try #require(l.state.certificates.parts["GC-1.0"])
        #expect(part.owner == Party.owner && part.volumeWh == 1_400 && part.parent == nil)
        #expect(l.state.certificates.pendingHours["DK-CPH-1"] == nil)
    }

    @Test func aPeriodAcrossTheHourIsSharedBySeconds() throws {
        var l = try Self.ledger()
        l.now = Sunny.ten + 3 * 3_600
        // [10:00, 10:45) then [10:45, 11:45) (a one-hour period on a 15-minute meter) then [11:45, 12:00).
        l.expectAccepted(reading(at: Sunny.ten, seconds: 2_700, energyWh: 2_000), by: Party.a)
        l.expectAccepted(reading(at: Sunny.ten + 2_700, seconds: 3_600, energyWh: 1_001), by: Party.a)
        #expect(l.state.certificates.lots["GC-1"]?.volumeWh == 2_000 + 250)  // ⌊1001 × 900 / 3600⌋
        l.expectAccepted(reading(at: Sunny.ten + 6_300, seconds: 900, energyWh: 10), by: Party.a)
        let second = try #require(l.state.certificates.lots["GC-2"])
        #expect(second.volumeWh == 751 + 10 && second.productionStart == Sunny.ten + 3_600)
    }

    @Test func goIssuesWholeMWhAndCarriesTheRest() throws {
        var l = try Self.ledger()
        l.now = Sunny.ten + 3_600
        for k in 0..<3 {
            l.expectAccepted(reading("M-WIND", at: Sunny.ten + Int64(k) * 900, energyWh: 400_000), by: Party.a)
        }
        let lot = try #require(l.state.certificates.lots["GO-1"])
        #expect(lot.volumeWh == 1_000_000 && lot.productionStart == Sunny.ten && lot.productionEnd == Sunny.ten + 2_700)
        #expect(lot.readingIDs.count == 3)
        #expect(lot.expiresAt == CivilCalendar.adding(months: 12, to: Sunny.ten + 2_700))
        let carry = try #require(l.state.certificates.carries["DK-WIND-1"])
        #expect(carry.energyWh == 200_000 && carry.start == Sunny.ten + 1_800 && carry.readingIDs.count == 1)
        // The solar device has no GO policy: nothing carried for it.
        Self.solarHour(&l)
        #expect(l.state.certificates.carries["DK-CPH-1"] == nil)
    }

    /// Σ GO Wh issued + carry = Σ Wh issued, for any sequence of readings (seeded).
    @Test(arguments: 1...8) func goCarryConservesEnergy(seed: UInt64) throws {
        var l = try Self.ledger(windGC: true)
        var rng = SeededGenerator(seed: seed)
        var attested: UInt64 = 0
        for k in 0..<40 {
            let e = rng.next() % 550_001
            l.now = Sunny.ten + Int64(k + 1) * 900 + 60
            if l.expectAccepted(reading("M-WIND", at: Sunny.ten + Int64(k) * 900, energyWh: e), by: Party.a) != nil {
                attested += e
            }
        }
        let c = l.state.certificates
        let goWh = c.lots.values.filter { $0.scheme == .go }.reduce(0) { $0 + $1.volumeWh }
        #expect(goWh + (c.carries["DK-WIND-1"]?.energyWh ?? 0) == attested)
        #expect(goWh % CertificateScheme.whPerGO == 0 && (c.carries["DK-WIND-1"]?.energyWh ?? 0) < 1_000_000)
        // Each Wh backs one lot per scheme: the GCs of the 10 complete hours hold exactly their energy.
        let gcWh = c.lots.values.filter { $0.scheme == .gc }.reduce(0) { $0 + $1.volumeWh }
        #expect(gcWh == attested)
    }

    @Test func noPolicyNoCertificatesAndPoliciesLookForward() throws {
        var l = try RegistryLedger()
        Self.solarHour(&l)
        #expect(l.state.certificates.lots.isEmpty)
        try l.run(Party.body, .setIssuancePolicy(.init(device: "DK-CPH-1", schemes: [.gc])))
        Self.solarHourLater(&l)
        #expect(l.state.certificates.lots.count == 1)
        l.expectRefused(Party.stranger, .setIssuancePolicy(.init(device: "DK-CPH-1", schemes: [])), .notIssuingBody)
        l.expectRefused(Party.body, .setIssuancePolicy(.init(device: "NOPE", schemes: [.go])), .unknownDevice)
        l.expectRefused(Party.body, .setIssuancePolicy(.init(device: "DK-CPH-1", schemes: [.go, .go])), .invalidPolicy)
    }

    static func solarHourLater(_ l: inout RegistryLedger) {
        l.now = Sunny.ten + 7_200 + 60
        for k in 0..<4 { l.expectAccepted(reading(at: Sunny.ten + 3_600 + Int64(k) * 900, energyWh: 100), by: Party.a) }
    }

    /// GC-1 of 1,400 Wh owned by the device owner.
    static func issued() throws -> RegistryLedger {
        var l = try ledger()
        solarHour(&l)
        return l
    }

    static func transfer(_ part: String, to: Address, _ wh: UInt64) -> Command {
        .transferCertificate(.init(part: part, to: to, volumeWh: wh))
    }

    static let opening = BeneficiaryOpening(
        salt: try! Hash32([UInt8](repeating: 7, count: 32)), name: "ACME Ltd", address: "1 Main St, Copenhagen")

    static func cancel(_ part: String, _ wh: UInt64, purpose: String = "disclosure 2026") -> Command {
        .cancelCertificate(
            .init(
                part: part, volumeWh: wh, beneficiaryCommitment: opening.commitment, purpose: purpose,
                consumptionStart: Sunny.ten, consumptionEnd: Sunny.ten + 3_600, location: "DK2"))
    }

    @Test func transfersSplitAndKeepLineage() throws {
        var l = try Self.issued()
        try l.run(Party.owner, Self.transfer("GC-1.0", to: Party.stranger, 300))
        try l.run(Party.stranger, Self.transfer("GC-1.1", to: Party.body, 100))
        let c = l.state.certificates
        #expect(c.parts["GC-1.0"]?.volumeWh == 1_100 && c.parts["GC-1.1"]?.volumeWh == 200)
        #expect(c.parts["GC-1.2"]?.owner == Party.body && c.parts["GC-1.2"]?.parent == "GC-1.1")
        #expect(c.lineage("GC-1.2").map(\.id) == ["GC-1.0", "GC-1.1", "GC-1.2"])
        #expect(c.parts(ofLot: "GC-1").reduce(0) { $0 + $1.volumeWh } == 1_400)
        // The colour travels: every part names its lot, whose device facts do not change.
        #expect(c.lots[c.parts["GC-1.2"]!.lot]?.device.id == "DK-CPH-1")
        // A whole part can move; it is then "transferred".
        try l.run(Party.body, Self.transfer("GC-1.2", to: Party.owner, 100))
        #expect(l.state.certificates.status(of: l.state.certificates.parts["GC-1.2"]!) == "transferred")
    }

    @Test func badTransfersAreRefused() throws {
        var l = try Self.issued()
        l.expectRefused(Party.owner, Self.transfer("GC-1.0", to: Party.stranger, 1_401), .insufficientCertificate)
        l.expectRefused(Party.stranger, Self.transfer("GC-1.0", to: Party.stranger, 1), .notHolder)
        l.expectRefused(Party.owner, Self.transfer("GC-9.0", to: Party.stranger, 1), .unknownCertificate)
        l.expectRefused(Party.owner, Self.transfer("GC-1.0", to: Party.stranger, 0), .invalidTransfer)
        l.expectRefused(Party.owner, Self.transfer("GC-1.0", to: .zero, 1), .invalidTransfer)
    }

    @Test func cancellationRecordsTheCommitmentAndFreezesTheUnits() throws {
        var l = try Self.issued()
        try l.run(Party.owner, Self.cancel("GC-1.0", 400))
        let c = l.state.certificates
        let record = try #require(c.cancellations[l.entries - 1])
        #expect(record.part == "GC-1.1" && record.fromPart == "GC-1.0" && record.volumeWh == 400)
        #expect(record.beneficiaryCommitment == Self.opening.commitment && record.holder == Party.owner)
        #expect(c.parts["GC-1.1"]?.cancelled == true && c.status(of: c.parts["GC-1.1"]!) == "cancelled")
        #expect(c.parts["GC-1.0"]?.volumeWh == 1_000 && c.lots["GC-1"]?.cancelledWh == 400)
        l.expectRefused(Party.owner, Self.transfer("GC-1.1", to: Party.stranger, 1), .certificateCancelled)
        l.expectRefused(Party.owner, Self.cancel("GC-1.1", 1), .certificateCancelled)
        l.expectRefused(Party.owner, Self.cancel("GC-1.0", 1, purpose: ""), .invalidCancellation)
        l.expectRefused(Party.owner, Self.cancel("GC-1.0", 1_001), .insufficientCertificate)
        var bad = Self.cancel("GC-1.0", 1)
        if case .cancelCertificate(var k) = bad {
            k.consumptionEnd = k.consumptionStart
            bad = .cancelCertificate(k)
        }
        l.expectRefused(Party.owner, bad, .invalidCancellation)
        // The issuing body cannot withdraw a lot with cancellations.
        l.expectRefused(Party.body, .withdrawLot(.init(lot: "GC-1", reason: "mistake")), .lotHasCancellations)
    }

    @Test func withdrawalStopsEveryPart() throws {
        var l = try Self.issued()
        try l.run(Party.owner, Self.transfer("GC-1.0", to: Party.stranger, 300))
        l.expectRefused(Party.owner, .withdrawLot(.init(lot: "GC-1", reason: "meter misread")), .notIssuingBody)
        l.expectRefused(Party.body, .withdrawLot(.init(lot: "GC-1", reason: "")), .invalidPolicy)
        try l.run(Party.body, .withdrawLot(.init(lot: "GC-1", reason: "meter misread")))
        let c = l.state.certificates
        #expect(c.lots["GC-1"]?.status == .withdrawn && c.lots["GC-1"]?.statusReason == "meter misread")
        #expect(c.status(of: c.parts["GC-1.1"]!) == "withdrawn" && c.expiring.isEmpty)
        l.expectRefused(Party.stranger, Self.transfer("GC-1.1", to: Party.owner, 1), .certificateWithdrawn)
        l.expectRefused(Party.owner, Self.cancel("GC-1.0", 1), .certificateWithdrawn)
        l.expectRefused(Party.body, .withdrawLot(.init(lot: "GC-1", reason: "again")), .certificateWithdrawn)
    }

    @Test func expiryIsAnEntryAndDueLotsCannotMoveBeforeIt() throws {
        var l = try Self.issued()
        let expiresAt = l.state.certificates.lots["GC-1"]!.expiresAt
        #expect(l.state.certificates.due(at: expiresAt - 1).isEmpty)
        #expect(l.state.certificates.due(at: expiresAt) == ["GC-1"])
        let early = l.state
        #expect(throws: LedgerError.self) {
            try l.state.expire(lots: ["GC-1"], context: EntryContext(index: 99, time: expiresAt - 1))
        }
        #expect(l.state == early)
        // Past its expiry, before the expiry entry, the lot already refuses to move.
        l.now = expiresAt
        l.expectRefused(Party.owner, Self.transfer("GC-1.0", to: Party.stranger, 1), .certificateExpired)
        _ = try l.state.expire(lots: ["GC-1"], context: l.context)
        #expect(l.state.certificates.lots["GC-1"]?.status == .expired && l.state.certificates.expiring.isEmpty)
        #expect(l.state.certificates.status(of: l.state.certificates.parts["GC-1.0"]!) == "expired")
        #expect(throws: LedgerError.self) { try l.state.expire(lots: ["GC-1"], context: l.context) }
        l.expectRefused(Party.body, .withdrawLot(.init(lot: "GC-1", reason: "late")), .certificateExpired)
    }

    @Test func settingsChangeTheExpiryOfLaterLots() throws {
        var l = try Self.ledger()
        l.expectRefused(Party.body, .configureCertificates(.init(issuer: "x")), .notAuthority)
        l.expectRefused(Party.registry, .configureCertificates(.init(issuer: "x", goExpiryMonths: 0)), .invalidPolicy)
        try l.run(
            Party.registry, .configureCertificates(.init(issuer: "Energinet", goExpiryMonths: 18, gcExpiryDays: 365)))
        Self.solarHour(&l)
        let lot = try #require(l.state.certificates.lots["GC-1"])
        #expect(lot.issuer == "Energinet" && lot.expiresAt == Sunny.ten + 3_600 + 365 * 86_400)
    }

    @Test func theOpeningCommitsToEveryField() {
        let o = Self.opening
        let changed = [
            BeneficiaryOpening(salt: try! Hash32([UInt8](repeating: 8, count: 32)), name: o.name, address: o.address),
            BeneficiaryOpening(salt: o.salt, name: "ACME Ltd.", address: o.address),
            BeneficiaryOpening(salt: o.salt, name: o.name, address: ""),
            // Moving bytes between fields changes the length prefixes.
            BeneficiaryOpening(salt: o.salt, name: "ACME", address: " Ltd1 Main St, Copenhagen"),
        ]
        for c in changed { #expect(c.commitment != o.commitment) }
        // SHA-256 of the documented preimage, computed here byte by byte.
        var preimage = Array("helio-beneficiary-v1\n".utf8) + o.salt.bytes
        preimage += [0, 0, 0, 8] + Array("ACME Ltd".utf8) + [0, 0, 0, 21] + Array("1 Main St, Copenhagen".utf8)
        #expect(o.commitment.bytes == Digest.sha256(preimage))
    }

    @Test func calendarMonths() {
        func t(_ y: Int64, _ m: Int64, _ d: Int64, _ s: Int64 = 0) -> Int64 {
            CivilCalendar.days(year: y, month: m, day: d) * 86_400 + s
        }
        #expect(t(1970, 1, 1) == 0 && t(2026, 6, 21) == Sunny.day)
        #expect(CivilCalendar.adding(months: 1, to: t(2026, 1, 31, 3_600)) == t(2026, 2, 28, 3_600))
        #expect(CivilCalendar.adding(months: 12, to: t(2024, 2, 29)) == t(2025, 2, 28))
        #expect(CivilCalendar.adding(months: 18, to: t(2026, 8, 31)) == t(2028, 2, 29))
        #expect(CivilCalendar.adding(months: 12, to: t(2026, 12, 15, 86_399)) == t(2027, 12, 15, 86_399))
        for day in stride(from: Int64(-800_000), to: 800_000, by: 997) {
            let d = CivilCalendar.date(days: day)
            #expect(CivilCalendar.days(year: d.year, month: d.month, day: d.day) == day)
        }
    }
}
