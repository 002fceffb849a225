import Foundation
import GRDB
import HelioCrypto
import HelioLedger
import HelioRegistry
import Testing

@testable import HelioStore

/// The registry's projections through the real single writer on a SQLite file: registrations, attestations
/// and issuances survive a reopen exactly, replay from the journal to the same digest, and the database
/// itself keeps attestations and issuances append-only and a period issued at most once.
@Suite struct RegistryStoreTests {
    /// 2026-06-21 10:00 UTC: midsummer morning in Copenhagen.
    static let ten: Int64 = 1_782_036_000
    /// The writer's clock: 10:16:40 UTC, just after the 10:00–10:15 period.
    static let now: Int64 = ten + 1_000

    static let body = TestKey.issuer
    static let oracles = [TestKey.alice, TestKey.bob, TestKey.carol]
    static let owner = TestKey.minter.address
    static let sun = AssetID(issuer: TestKey.registry.address, nonce: 0)

    static let solar = DeviceRegistration(
        id: "DK-CPH-1", name: "Rooftop, Copenhagen", owner: owner, energySource: "F01040100", technology: "T010101",
        capacityW: 5_000, commissioningDate: "2021-06-01", country: "DK", latitudeE6: 55_676_098,
        longitudeE6: 12_568_337, gridArea: "DK2", meters: [MeterSpec(id: "M-SOLAR", intervalSeconds: 900)])

    static func writer(_ store: any LedgerStore) throws -> LedgerWriter {
        try LedgerWriter(store: store, domain: testDomain, clock: { now })
    }

    static func sign(_ command: Command, _ key: Secp256k1.PrivateKey, _ nonce: UInt64) throws -> SignedCommand {
        try SignedCommand.sign(command, nonce: nonce, domain: testDomain, with: key)
    }

    /// SUN, the registry's configuration, the solar device, three oracles and a 2-of-3 assignment, all
    /// through `submitSigned` (eight entries).
    static func register(_ writer: LedgerWriter) async throws {
        let registry = TestKey.registry
        let definition = AssetDefinition(
            assetIDs: [sun.text], nameShort: "SUN", name: "Helio Solar Reward", issuer: "test",
            description: "1 SUN per MWh", divisibility: 18)
        var commands = [
            try sign(
                .defineAsset(
                    .init(
                        definition: definition, name: "Helio Solar Reward", symbol: "SUN", minters: [registry.address])),
                registry, 0),
            try sign(.configureRegistry(.init(issuingBodies: [body.address], rewardAsset: sun)), registry, 1),
            try sign(.registerDevice(.init(solar)), body, 0),
        ]
        for (i, o) in oracles.enumerated() {
            commands.append(
                try sign(.registerOracle(.init(oracle: o.address, name: "oracle \(i)")), body, UInt64(1 + i)))
        }
        commands.append(
            try sign(
                .assignOracles(.init(meter: "M-SOLAR", oracles: oracles.map(\.address), quorum: 2, validFrom: 0)), body,
                4))
        for result in try await writer.submitSigned(commands) { _ = try result.get() }
    }

    static func reading(
        at start: Int64, energyWh: UInt64, cumulativeWh: Int64? = nil, meter: String = "M-SOLAR"
    )
        -> MeterReading
    {
        MeterReading(
            meter: meter, periodStart: start, periodEnd: start + 900, energyWh: energyWh, cumulativeWh: cumulativeWh)
    }

    static func signed(_ r: MeterReading, _ key: Secp256k1.PrivateKey) throws -> SignedReading {
        try SignedReading.sign(r, domain: testDomain, with: key)
    }

    /// Individually signed readings (accepted, issued, disputed, rejected), batches (some rejected),
    /// a suspension and a reinstatement.
    static func busyRegistry(_ writer: LedgerWriter) async throws {
        try await register(writer)
        let (alice, bob, carol) = (oracles[0], oracles[1], oracles[2])
        let r = reading(at: ten, energyWh: 1_000, cumulativeWh: 50_000)
        let first = try await writer.ingest([
            try signed(r, alice), try signed(reading(at: ten - 900, energyWh: 2_000), alice),
            try signed(r, bob), try signed(reading(at: ten, energyWh: 999), carol),
        ])
        #expect(first.map(\.verdict.isAccepted) == [true, false, true, true])
        guard case .accepted(_, let issued?) = first[2].verdict else {
            Issue.record("bob's reading should complete the quorum: \(first[2].verdict)")
            return
        }
        #expect(issued.reward == RewardAsset.amount(energyWh: 1_000))

        // Alice's batch 9:00–9:45: one exceeds the capacity, one names no meter.
        let morning = (0..<4).map { reading(at: ten - 3_600 + Int64($0) * 900, energyWh: 100 + UInt64($0)) }
        let batch =
            morning + [
                reading(at: ten - 4_500, energyWh: 5_000), reading(at: ten - 4_500, energyWh: 1, meter: "M-NONE"),
            ]
        let (_, aliceResults) = try await writer.ingest(
            batch: try SignedReadingBatch.sign(batch, domain: testDomain, with: alice))
        #expect(aliceResults.map(\.verdict.isAccepted) == [true, true, true, true, false, false])
        // Bob agrees on three of them.
        let (_, bobResults) = try await writer.ingest(
            batch: try SignedReadingBatch.sign(Array(morning.prefix(3)), domain: testDomain, with: bob))
        #expect(bobResults.map(\.verdict.isAccepted) == [true, true, true])

        _ = try await writer.submit(
            try sign(.setDeviceStatus(.init(device: "DK-CPH-1", active: false, reason: "audit")), body, 5))
        let suspended = try await writer.ingest([try signed(reading(at: ten - 4_500, energyWh: 1), alice)])
        if case .rejected(let why) = suspended[0].verdict {
            #expect(why.code == .deviceSuspended)
        } else {
            Issue.record("a suspended device's reading was accepted")
        }
        _ = try await writer.submit(
            try sign(.setOracleStatus(.init(oracle: carol.address, active: false, reason: "x")), body, 6))
        _ = try await writer.submit(
            try sign(.setDeviceStatus(.init(device: "DK-CPH-1", active: true, reason: "ok")), body, 7))
    }

    @Test func registryStateSurvivesAReopenAndReplays() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let expected: LedgerState
        let size: UInt64
        do {
            let writer = try Self.writer(try SQLiteLedgerStore(path: directory.databasePath))
            try await Self.busyRegistry(writer)
            expected = await writer.currentState
            size = await writer.size
        }
        #expect(expected.balance(Self.sun, Self.owner) == RewardAsset.amount(energyWh: 1_000 + 100 + 101 + 102))
        let meter = try #require(expected.registry.meters["M-SOLAR"])
        #expect(meter.periods.count == 5)
        #expect(meter.periods.filter(\.disputed).count == 1)
        #expect(meter.periods.compactMap(\.issuance).count == 4)
        #expect(expected.registry.oracles[Self.oracles[2].address]?.active == false)
        #expect(expected.registry.devices["DK-CPH-1"]?.statusReason == "ok")

        let store = try SQLiteLedgerStore(path: directory.databasePath)
        #expect(try store.journalSize() == size)
        let loaded = try store.loadState()
        #expect(loaded.registry == expected.registry)
        #expect(loaded == expected)
        #expect(loaded.digest == expected.digest)

        let report = try Auditor.replay(store: store, domain: testDomain)
        #expect(report.entries == size)
        #expect(report.matches)
        #expect(report.replayedDigest == expected.digest)
        // Replay with another chain id: the first signature recovers someone else.
        #expect(throws: (any Error).self) { try Auditor.replay(store: store, domain: CommandDomain(chainId: 1)) }

        // The reading entries hold what was accepted, by the oracle that signed it.
        let kinds = try store.entries(from: 0, limit: 100).map { ($0.entry.kind, $0.entry.author) }
        #expect(
            kinds.filter { $0.0 == "Readings" }.map(\.1) == [
                Self.oracles[0].address, Self.oracles[1].address, Self.oracles[2].address,
            ])
        #expect(kinds.filter { $0.0 == "ReadingBatch" }.count == 2)

        // A writer opened on the reopened store carries on: the next period issues exactly once more.
        let writer = try Self.writer(store)
        let r = Self.reading(at: Self.ten - 4_500, energyWh: 10)
        let results = try await writer.ingest([
            try Self.signed(r, Self.oracles[0]), try Self.signed(r, Self.oracles[1]),
        ])
        #expect(results.map(\.verdict.isAccepted) == [true, true])
        #expect(try store.loadState() == (await writer.currentState))
        #expect(try Auditor.replay(store: store, domain: testDomain).matches)
    }

    /// Runs one statement in its own transaction and returns the number of rows it changed.
    static func execute(_ store: SQLiteLedgerStore, _ sql: String) throws -> Int {
        try store.pool.write { db -> Int in
            try db.execute(sql: sql)
            return db.changesCount
        }
    }

    @Test func attestationsAndIssuancesAreAppendOnly() async throws {
        let store = try SQLiteLedgerStore.temporary()
        let writer = try Self.writer(store)
        try await Self.register(writer)
        let r = Self.reading(at: Self.ten, energyWh: 1_000)
        _ = try await writer.ingest([try Self.signed(r, Self.oracles[0]), try Self.signed(r, Self.oracles[1])])
        let count = { (table: String) in
            try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")! }
        }
        #expect(try count("attestations") == 2)
        #expect(try count("issuances") == 1)

        let start = Self.ten
        for sql in [
            "UPDATE attestations SET energy_wh = 0",
            "DELETE FROM attestations",
            "INSERT OR REPLACE INTO attestations (meter, period_start, oracle, period_end, energy_wh, cumulative_wh, "
                + "reading_id, seq) SELECT meter, period_start, oracle, period_end, 1, NULL, reading_id, seq FROM attestations",
            "UPDATE issuances SET reward = zeroblob(32)",
            "UPDATE issuances SET owner = zeroblob(20)",
            "DELETE FROM issuances",
            // A second issuance of the same (meter, period_start): refused by the key, whatever else differs.
            "INSERT INTO issuances (meter, period_start, period_end, device, energy_wh, reward, owner, seq, reading_ids) "
                + "VALUES ('M-SOLAR', \(start), \(start + 900), 'DK-CPH-1', 1, zeroblob(32), zeroblob(20), 9, zeroblob(32))",
            "INSERT INTO issuances (meter, period_start, period_end, device, energy_wh, reward, owner, seq, reading_ids) "
                + "VALUES ('M-SOLAR', \(start), \(start + 1800), 'DK-CPH-2', 1, zeroblob(32), zeroblob(20), 9, zeroblob(32))",
            "INSERT OR REPLACE INTO issuances (meter, period_start, period_end, device, energy_wh, reward, owner, seq, "
                + "reading_ids) VALUES ('M-SOLAR', \(start), \(start + 900), 'DK-CPH-1', 1, zeroblob(32), zeroblob(20), 9, "
                + "zeroblob(32))",
            "INSERT OR IGNORE INTO issuances (meter, period_start, period_end, device, energy_wh, reward, owner, seq, "
                + "reading_ids) VALUES ('M-SOLAR', \(start), \(start + 900), 'DK-CPH-1', 1, zeroblob(32), zeroblob(20), 9, "
                + "zeroblob(32))",
        ] {
            let changed = try? Self.execute(store, sql)
            #expect(changed == nil || changed == 0, "\(sql)")
        }
        #expect(try count("attestations") == 2)
        #expect(try count("issuances") == 1)
        #expect(try store.loadState() == (await writer.currentState))
        // Another period of the meter is a new row: the refusals above are about rewriting, not inserting.
        let inserted = try Self.execute(
            store,
            "INSERT INTO issuances (meter, period_start, period_end, device, energy_wh, reward, owner, seq, "
                + "reading_ids) VALUES ('M-SOLAR', \(start + 900), \(start + 1800), 'DK-CPH-1', 1, zeroblob(32), "
                + "zeroblob(20), 9, zeroblob(32))")
        #expect(inserted == 1)
        #expect(try count("issuances") == 2)
    }
}
