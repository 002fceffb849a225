import HelioCrypto
import Testing

@testable import HelioLedger

/// The issuing body's commands: who may send them, and what a valid registration and assignment is.
/// Every refusal leaves the state as it was (`RegistryLedger.expectRefused`).
@Suite struct RegistryCommandTests {
    // MARK: who

    @Test func onlyIssuingBodiesRegister() throws {
        var ledger = try RegistryLedger()
        var other = Devices.solar
        other.id = "DK-CPH-9"
        other.meters = [MeterSpec(id: "M-9", intervalSeconds: 900)]
        for author in [Party.stranger, Party.registry, Party.a, Party.owner] {
            ledger.expectRefused(author, .registerDevice(.init(other)), .notIssuingBody)
            ledger.expectRefused(author, .registerOracle(.init(oracle: Party.stranger, name: "X")), .notIssuingBody)
            ledger.expectRefused(
                author, .assignOracles(.init(meter: "M-SOLAR", oracles: [Party.b], quorum: 1, validFrom: 1)),
                .notIssuingBody)
            ledger.expectRefused(
                author, .setDeviceStatus(.init(device: "DK-CPH-1", active: false, reason: "")), .notIssuingBody)
            ledger.expectRefused(
                author, .setOracleStatus(.init(oracle: Party.a, active: false, reason: "")), .notIssuingBody)
        }
        try ledger.run(Party.body, .registerDevice(.init(other)))
        #expect(ledger.state.registry.devices["DK-CPH-9"]?.registration == other)
        #expect(ledger.state.registry.meters["M-9"]?.device == "DK-CPH-9")
    }

    @Test func theFirstConfigurationMakesTheAuthority() throws {
        var ledger = try RegistryLedger(oracles: [])
        #expect(ledger.state.registry.authority == Party.registry)
        #expect(ledger.state.registry.issuingBodies == [Party.body])
        #expect(ledger.state.registry.rewardAsset == ledger.sun)
        #expect(ledger.state.registry.policy == ReadingPolicy())
        // Only the authority configures again, even an issuing body may not.
        let configure = Command.configureRegistry(.init(issuingBodies: [Party.stranger], rewardAsset: ledger.sun))
        ledger.expectRefused(Party.body, configure, .notAuthority)
        ledger.expectRefused(Party.stranger, configure, .notAuthority)
        // The authority may: new bodies and policy take over; the old body no longer registers.
        let policy = ReadingPolicy(
            maxAgeSeconds: 86_400, futureSkewSeconds: 0, capacityMarginPercent: 100, sunToleranceCentidegrees: 0)
        try ledger.run(
            Party.registry, .configureRegistry(.init(issuingBodies: [Party.c], rewardAsset: ledger.sun, policy: policy))
        )
        #expect(ledger.state.registry.authority == Party.registry)
        #expect(ledger.state.registry.issuingBodies == [Party.c])
        #expect(ledger.state.registry.policy == policy)
        ledger.expectRefused(Party.body, .registerOracle(.init(oracle: Party.stranger, name: "X")), .notIssuingBody)
        try ledger.run(Party.c, .registerOracle(.init(oracle: Party.stranger, name: "X")))
    }

    @Test func aConfigurationNeedsARewardAssetTheAuthorMints() throws {
        var ledger = RegistryLedger.unconfigured()
        let sun = AssetID(issuer: Party.registry, nonce: 0)
        // The stranger is not a minter of SUN; an asset that does not exist is refused.
        ledger.expectRefused(
            Party.stranger, .configureRegistry(.init(issuingBodies: [Party.body], rewardAsset: sun)), .notMinter)
        ledger.expectRefused(
            Party.registry,
            .configureRegistry(.init(issuingBodies: [Party.body], rewardAsset: AssetID(issuer: Party.body, nonce: 0))),
            .unknownAsset)
        #expect(ledger.state.registry.authority == nil)
        try ledger.run(Party.registry, .configureRegistry(.init(issuingBodies: [Party.body], rewardAsset: sun)))
        #expect(ledger.state.registry.authority == Party.registry)
    }

    @Test func aConfigurationIsChecked() throws {
        var ledger = RegistryLedger.unconfigured()
        let sun = AssetID(issuer: Party.registry, nonce: 0)
        func configure(_ bodies: [Address], _ policy: ReadingPolicy = ReadingPolicy()) -> Command {
            .configureRegistry(.init(issuingBodies: bodies, rewardAsset: sun, policy: policy))
        }
        for command in [
            configure([Party.body, Party.body]), configure([.zero]),
            configure((0..<17).map { TestKey.scalar(UInt8(100 + $0)).address }),
            configure([Party.body], ReadingPolicy(maxAgeSeconds: 0)),
            configure([Party.body], ReadingPolicy(futureSkewSeconds: -1)),
            configure([Party.body], ReadingPolicy(futureSkewSeconds: 3_601)),
            configure([Party.body], ReadingPolicy(capacityMarginPercent: 99)),
            configure([Party.body], ReadingPolicy(capacityMarginPercent: 1_001)),
            configure([Party.body], ReadingPolicy(sunToleranceCentidegrees: 1_801)),
        ] {
            ledger.expectRefused(Party.registry, command, .invalidRegistration)
        }
        try ledger.run(Party.registry, configure([]))
        #expect(ledger.state.registry.issuingBodies.isEmpty)
    }

    // MARK: devices

    /// A variant of the solar device that breaks one field.
    static func broken(_ change: (inout DeviceRegistration) -> Void) -> DeviceRegistration {
        var d = Devices.solar
        d.id = "DK-BROKEN"
        d.meters = [MeterSpec(id: "M-BROKEN", intervalSeconds: 900)]
        change(&d)
        return d
    }

    static let invalidDevices: [(String, DeviceRegistration)] = [
        ("unknown code list version", broken { $0.codeList = "eecs-fs5-v0" }),
        ("wind source, solar technology", broken { $0.energySource = "F01050100" }),
        ("solar source, wind technology", broken { $0.technology = "T020000" }),
        ("malformed source", broken { $0.energySource = "solar" }),
        ("no 30 February", broken { $0.commissioningDate = "2021-02-30" }),
        ("no 29 February in 2021", broken { $0.commissioningDate = "2021-02-29" }),
        ("not ISO 8601", broken { $0.commissioningDate = "01.06.2021" }),
        ("lowercase country", broken { $0.country = "dk" }),
        ("three-letter country", broken { $0.country = "DNK" }),
        ("interval 700 s", broken { $0.meters = [MeterSpec(id: "M-BROKEN", intervalSeconds: 700)] }),
        ("interval 0 s", broken { $0.meters = [MeterSpec(id: "M-BROKEN", intervalSeconds: 0)] }),
        (
            "a meter listed twice",
            broken {
                $0.meters = [MeterSpec(id: "M-X", intervalSeconds: 900), MeterSpec(id: "M-X", intervalSeconds: 60)]
            }
        ),
        ("no meter", broken { $0.meters = [] }),
        ("meter id with a space", broken { $0.meters = [MeterSpec(id: "M X", intervalSeconds: 900)] }),
        ("capacity 0", broken { $0.capacityW = 0 }),
        ("capacity over 10 GW", broken { $0.capacityW = DeviceRegistration.maxCapacityW + 1 }),
        ("latitude beyond the pole", broken { $0.latitudeE6 = 90_000_001 }),
        ("longitude beyond 180°", broken { $0.longitudeE6 = -180_000_001 }),
        ("device id with a slash", broken { $0.id = "DK/1" }),
        ("empty name", broken { $0.name = "" }),
        ("zero owner", broken { $0.owner = .zero }),
        ("unknown support", broken { $0.support = "subsidy" }),
        ("empty grid area", broken { $0.gridArea = "" }),
    ]

    @Test func invalidRegistrationsAreRefused() throws {
        var ledger = try RegistryLedger()
        for (what, device) in Self.invalidDevices {
            let before = ledger.state
            do {
                try ledger.run(Party.body, .registerDevice(.init(device)))
                Issue.record("\(what): accepted")
            } catch {
                #expect(error.code == .invalidRegistration, "\(what): \(error)")
            }
            #expect(ledger.state == before, "\(what)")
        }
        // The unbroken variant is fine, and a leap day is a date.
        try ledger.run(Party.body, .registerDevice(.init(Self.broken { $0.commissioningDate = "2024-02-29" })))
    }

    @Test func devicesAndMetersAreUnique() throws {
        var ledger = try RegistryLedger()
        ledger.expectRefused(Party.body, .registerDevice(.init(Devices.solar)), .deviceExists)
        // A new device claiming an existing meter.
        let thief = Self.broken {
            $0.meters = [MeterSpec(id: "M-NEW", intervalSeconds: 900), MeterSpec(id: "M-WIND", intervalSeconds: 900)]
        }
        ledger.expectRefused(Party.body, .registerDevice(.init(thief)), .meterExists)
        #expect(ledger.state.registry.meters["M-NEW"] == nil)
        ledger.expectRefused(Party.body, .registerOracle(.init(oracle: Party.a, name: "again")), .oracleExists)
        ledger.expectRefused(Party.body, .registerOracle(.init(oracle: .zero, name: "zero")), .invalidRegistration)
        ledger.expectRefused(Party.body, .registerOracle(.init(oracle: Party.stranger, name: "")), .invalidRegistration)
    }

    @Test func statusChangesNeedAKnownSubject() throws {
        var ledger = try RegistryLedger()
        ledger.expectRefused(
            Party.body, .setDeviceStatus(.init(device: "DK-NONE", active: false, reason: "")), .unknownDevice)
        ledger.expectRefused(
            Party.body, .setOracleStatus(.init(oracle: Party.stranger, active: false, reason: "")), .unknownOracle)
        let long = String(repeating: "x", count: 201)
        ledger.expectRefused(
            Party.body, .setDeviceStatus(.init(device: "DK-CPH-1", active: false, reason: long)), .invalidRegistration)
        try ledger.run(Party.body, .setDeviceStatus(.init(device: "DK-CPH-1", active: false, reason: "inspection")))
        let device = try #require(ledger.state.registry.devices["DK-CPH-1"])
        #expect(!device.active)
        #expect(device.statusReason == "inspection")
    }

    // MARK: assignments

    @Test func assignmentsAreChecked() throws {
        var ledger = try RegistryLedger(oracles: [])
        func assign(_ meter: String, _ oracles: [Address], _ quorum: UInt8, _ validFrom: Int64) -> Command {
            .assignOracles(.init(meter: meter, oracles: oracles, quorum: quorum, validFrom: validFrom))
        }
        ledger.expectRefused(Party.body, assign("M-SOLAR", [Party.a, Party.b], 3, 0), .invalidAssignment)
        ledger.expectRefused(Party.body, assign("M-SOLAR", [Party.a], 0, 0), .invalidAssignment)
        ledger.expectRefused(Party.body, assign("M-SOLAR", [], 1, 0), .invalidAssignment)
        ledger.expectRefused(Party.body, assign("M-SOLAR", [Party.a, Party.a], 1, 0), .invalidAssignment)
        ledger.expectRefused(Party.body, assign("M-SOLAR", [Party.a], 1, -1), .invalidAssignment)
        ledger.expectRefused(Party.body, assign("M-SOLAR", [Party.a, Party.stranger], 1, 0), .unknownOracle)
        ledger.expectRefused(Party.body, assign("M-NONE", [Party.a], 1, 0), .unknownMeter)

        try ledger.run(Party.body, assign("M-SOLAR", [Party.a, Party.b, Party.c], 2, Sunny.day))
        let assignment = try #require(ledger.state.registry.meters["M-SOLAR"]?.assignments.last)
        #expect(assignment.oracles == [Party.a, Party.b, Party.c])
        #expect(assignment.quorum == 2)
        #expect(assignment.validFrom == Sunny.day)
        // validFrom must move forward.
        ledger.expectRefused(Party.body, assign("M-SOLAR", [Party.a], 1, Sunny.day), .invalidAssignment)
        ledger.expectRefused(Party.body, assign("M-SOLAR", [Party.a], 1, Sunny.day - 900), .invalidAssignment)
        // Nor may it reach back before a period already attested (here until 10:15).
        ledger.ingest(reading(), by: Party.a)
        #expect(ledger.state.registry.meters["M-SOLAR"]?.attestedUntil == Sunny.ten + 900)
        ledger.expectRefused(Party.body, assign("M-SOLAR", [Party.a], 1, Sunny.ten), .invalidAssignment)
        try ledger.run(Party.body, assign("M-SOLAR", [Party.a], 1, Sunny.ten + 900))
        #expect(ledger.state.registry.meters["M-SOLAR"]?.assignments.count == 2)
    }

    // MARK: EIP-712

    @Test(arguments: AdminCommands.all + CertificateCommands.all)
    func adminCommandsSignAndAuthenticate(_ command: Command) throws {
        let signed = try SignedCommand.sign(command, nonce: 7, domain: testDomain, with: RegistryKey.body)
        #expect(
            try signed.authenticate(domain: testDomain)
                == AuthenticatedCommand(author: Party.body, nonce: 7, command: command))
        // The same signature under another chain id recovers someone else.
        #expect(try signed.authenticate(domain: CommandDomain(chainId: 7318)).author != Party.body)
    }
}

extension RegistryCommandTests {
    /// Values EIP-712 cannot encode (a negative number in a uint64 field) make a malformed command, refused
    /// before any signature is checked; never a crash of the process that authenticates it.
    @Test func unencodableAdminCommandsAreMalformed() throws {
        let bad: [Command] = [
            .assignOracles(.init(meter: "M-SOLAR", oracles: [Party.a], quorum: 1, validFrom: -1)),
            .cancelCertificate(
                .init(
                    part: "GC-1.0", volumeWh: 1, beneficiaryCommitment: try Hash32([UInt8](repeating: 1, count: 32)),
                    purpose: "p", consumptionStart: -1, consumptionEnd: 0, location: "DK1")),
            .configureRegistry(
                .init(issuingBodies: [], rewardAsset: AdminCommands.sun, policy: ReadingPolicy(maxAgeSeconds: -1))),
            .configureRegistry(
                .init(issuingBodies: [], rewardAsset: AdminCommands.sun, policy: ReadingPolicy(futureSkewSeconds: .min))
            ),
        ]
        let signature = try SignedCommand.sign(
            AdminCommands.all[0], nonce: 0, domain: testDomain, with: RegistryKey.body
        )
        .signature
        for command in bad {
            #expect(throws: (any Error).self) {
                try SignedCommand.sign(command, nonce: 0, domain: testDomain, with: RegistryKey.body)
            }
            let forged = SignedCommand(command: command, nonce: 0, signature: signature)
            let error = #expect(throws: LedgerError.self) { try forged.authenticate(domain: testDomain) }
            #expect(error?.code == .malformedCommand)
        }
    }
}

extension RegistryLedger {
    /// A ledger where the registry key defined the reward asset (nonce 0) and nothing else happened.
    static func unconfigured() -> RegistryLedger {
        var ledger = try! RegistryLedger(oracles: [])
        ledger.state = LedgerState()
        ledger.entries = 0
        try! ledger.run(
            Party.registry,
            .defineAsset(Fixture.definition(issuer: Party.registry, nonce: 0, minters: [Party.registry])))
        return ledger
    }
}
