import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird
import HummingbirdTesting
import Testing

/// Readings over HTTP: an issuing body registers devices, oracles and assignments with signed commands,
/// oracles post signed readings and batches, and the registry's reads show the trail. The registry's
/// clock stands at 2026-06-21 10:16:40 UTC, just after the 10:00–10:15 period of a Copenhagen rooftop.
@Suite struct ReadingRoutesTests {
    /// 2026-06-21 00:00 UTC.
    static let day: Int64 = 1_782_000_000
    /// 10:00 UTC that day.
    static let ten = day + 36_000
    static let now = ten + 1_000

    /// A registry with: the solar device DK-CPH-1 (meter M-SOLAR, 900 s, oracles A and B, quorum 2),
    /// DK-OFF (meter M-OFF, suspended), DK-NEW (meter M-NEW, commissioned today), oracles A, B, C
    /// (C assigned nowhere) and D (suspended).
    struct Setup {
        let registry: TestRegistry
        let owner: Address
        let a, b, c, d: Secp256k1.PrivateKey

        static func make() async throws -> Setup {
            let registry = try await TestRegistry.make()
            let keys = (0..<5).map { _ in Secp256k1.PrivateKey() }
            return Setup(registry: registry, owner: keys[4].address, a: keys[0], b: keys[1], c: keys[2], d: keys[3])
        }

        func device(_ id: String, meter: String, commissioned: String = "2021-06-01") -> DeviceRegistration {
            DeviceRegistration(
                id: id, name: "Rooftop \(id)", owner: owner, energySource: "F01040100", technology: "T010101",
                capacityW: 5_000, commissioningDate: commissioned, country: "DK", latitudeE6: 55_676_098,
                longitudeE6: 12_568_337, gridArea: "DK2", meters: [MeterSpec(id: meter, intervalSeconds: 900)])
        }

        /// The issuing body's commands, nonces 0…
        var commands: [Command] {
            [
                .registerDevice(.init(device("DK-CPH-1", meter: "M-SOLAR"))),
                .registerDevice(.init(device("DK-OFF", meter: "M-OFF"))),
                .registerDevice(.init(device("DK-NEW", meter: "M-NEW", commissioned: "2026-06-21"))),
                .registerOracle(.init(oracle: a.address, name: "Oracle A")),
                .registerOracle(.init(oracle: b.address, name: "Oracle B")),
                .registerOracle(.init(oracle: c.address, name: "Oracle C")),
                .registerOracle(.init(oracle: d.address, name: "Oracle D")),
                .assignOracles(.init(meter: "M-SOLAR", oracles: [a.address, b.address], quorum: 2, validFrom: 0)),
                .assignOracles(.init(meter: "M-OFF", oracles: [a.address], quorum: 1, validFrom: 0)),
                .assignOracles(.init(meter: "M-NEW", oracles: [a.address], quorum: 1, validFrom: 0)),
                .setDeviceStatus(.init(device: "DK-OFF", active: false, reason: "meter under inspection")),
                .setOracleStatus(.init(oracle: d.address, active: false, reason: "key compromised")),
            ]
        }

        /// Posts the registrations (one request, all accepted) and returns the journal size after them.
        func register(_ client: any TestClientProtocol) async throws -> Int {
            let signed = try commands.enumerated().map { i, command in
                try registry.sign(command, nonce: UInt64(i), key: registry.issuingBodyKey)
            }
            let response = try await client.post("/v1/commands", Body.json(signed))
            #expect(response.status == .ok)
            let results = try #require(try Body.object(response)["results"] as? [[String: Any]])
            #expect(results.map { $0["accepted"] as? Bool } == Array(repeating: Optional(true), count: commands.count))
            return try await entries(client)
        }

        func sign(_ r: MeterReading, _ key: Secp256k1.PrivateKey, domain: CommandDomain? = nil) throws -> SignedReading
        {
            try SignedReading.sign(r, domain: domain ?? registry.domain, with: key)
        }
    }

    static func reading(
        _ meter: String = "M-SOLAR", at start: Int64 = ten, seconds: Int64 = 900, energyWh: UInt64 = 1_000,
        cumulativeWh: Int64? = nil
    ) -> MeterReading {
        MeterReading(
            meter: meter, periodStart: start, periodEnd: start + seconds, energyWh: energyWh, cumulativeWh: cumulativeWh
        )
    }

    /// Posts signed readings and returns the reply's results.
    static func post(_ client: any TestClientProtocol, _ readings: [SignedReading]) async throws -> [[String: Any]] {
        let response = try await client.post("/v1/readings", Body.readings(readings))
        #expect(response.status == .ok)
        return try #require(try Body.object(response)["results"] as? [[String: Any]])
    }

    static func id(_ r: MeterReading, _ registry: TestRegistry) -> String {
        Hex.encode(ReadingTypedData.signingDigest(r, domain: registry.domain), prefixed: true)
    }

    // MARK: accepted readings

    @Test func quorumIssuesSunAndTheReadsShowTheTrail() async throws {
        let setup = try await Setup.make()
        let registry = setup.registry
        let r = Self.reading(energyWh: 1_000, cumulativeWh: 50_000)
        let id = Self.id(r, registry)
        try await registry.withClient(clock: Self.now) { client in
            let size = try await setup.register(client)
            // A: accepted, waiting for a second oracle.
            let first = try await Self.post(client, [try setup.sign(r, setup.a)])
            #expect(first[0]["outcome"] as? String == "accepted")
            #expect(first[0]["id"] as? String == id)
            #expect(first[0]["oracle"] as? String == setup.a.address.checksummed)
            #expect(first[0]["entry"] as? Int == size)
            let pending = try #require(first[0]["period"] as? [String: Any])
            #expect(pending["attestations"] as? Int == 1)
            #expect(pending["quorum"] as? Int == 2)
            #expect(pending["issued"] as? Bool == false)
            #expect(first[0]["issued"] == nil)
            // B agrees: issued, 1000 Wh × 10^12 SUN base units to the owner.
            let second = try await Self.post(client, [try setup.sign(r, setup.b)])
            #expect(second[0]["outcome"] as? String == "accepted")
            #expect((second[0]["period"] as? [String: Any])?["issued"] as? Bool == true)
            let issued = try #require(second[0]["issued"] as? [String: Any])
            #expect(issued["device"] as? String == "DK-CPH-1")
            #expect(issued["energyWh"] as? Int == 1_000)
            #expect(issued["reward"] as? String == "1000000000000000")
            #expect(issued["owner"] as? String == setup.owner.checksummed)
            // Sending B's reading again changes nothing.
            let again = try await Self.post(client, [try setup.sign(r, setup.b)])
            #expect(again[0]["outcome"] as? String == "already_recorded")
            #expect(again[0]["entry"] == nil)
            #expect(try await entries(client) == size + 2)

            let balances = try Body.object(try await client.get("/v1/accounts/\(setup.owner.checksummed)/balances"))
            let holding = try #require((balances["balances"] as? [[String: Any]])?.first)
            #expect(holding["asset"] as? String == registry.sun.text)
            #expect(holding["amount"] as? String == "1000000000000000")
            let sun = try Body.object(try await client.get("/v1/assets/\(registry.sun.text)"))
            #expect(sun["totalSupply"] as? String == "1000000000000000")

            // The trail: the issuance names both readings and both oracles.
            let trail = try Body.object(try await client.get("/v1/devices/DK-CPH-1/issuance"))
            #expect(trail["totalEnergyWh"] as? Int == 1_000)
            #expect(trail["totalReward"] as? String == "1000000000000000")
            #expect(trail["rewardAsset"] as? String == registry.sun.text)
            let issuance = try #require((trail["issuances"] as? [[String: Any]])?.first)
            #expect(issuance["meter"] as? String == "M-SOLAR")
            #expect(issuance["periodStart"] as? Int == Int(Self.ten))
            #expect(issuance["entry"] as? Int == size + 1)
            let readings = try #require(issuance["readings"] as? [[String: Any]])
            #expect(readings.map { $0["id"] as? String } == [id, id])
            #expect(
                readings.map { $0["oracle"] as? String } == [setup.a.address.checksummed, setup.b.address.checksummed])
            #expect(readings.map { $0["entry"] as? Int } == [size, size + 1])

            let periods = try Body.object(try await client.get("/v1/meters/M-SOLAR/periods"))
            #expect(periods["device"] as? String == "DK-CPH-1")
            let period = try #require((periods["periods"] as? [[String: Any]])?.first)
            #expect(period["issued"] as? Bool == true)
            #expect(period["issuedEnergyWh"] as? Int == 1_000)
            #expect(period["quorum"] as? Int == 2)
            #expect(
                (period["attestations"] as? [[String: Any]])?.map { $0["cumulativeWh"] as? Int } == [50_000, 50_000])
            let later = try Body.object(try await client.get("/v1/meters/M-SOLAR/periods?from=\(Self.ten + 1)"))
            #expect((later["periods"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func devicesAndOraclesAreListed() async throws {
        let setup = try await Setup.make()
        try await setup.registry.withClient(clock: Self.now) { client in
            _ = try await setup.register(client)
            let list = try Body.object(try await client.get("/v1/devices"))
            let devices = try #require(list["devices"] as? [[String: Any]])
            #expect(devices.map { $0["id"] as? String } == ["DK-CPH-1", "DK-NEW", "DK-OFF"])
            let device = try Body.object(try await client.get("/v1/devices/DK-CPH-1"))
            #expect(device["solar"] as? Bool == true)
            #expect(device["capacityW"] as? Int == 5_000)
            #expect(device["latitudeE6"] as? Int == 55_676_098)
            #expect(device["owner"] as? String == setup.owner.checksummed)
            #expect(device["active"] as? Bool == true)
            let meter = try #require((device["meters"] as? [[String: Any]])?.first)
            #expect(meter["id"] as? String == "M-SOLAR")
            let assignment = try #require((meter["assignments"] as? [[String: Any]])?.first)
            #expect(assignment["quorum"] as? Int == 2)
            #expect(assignment["oracles"] as? [String] == [setup.a.address.checksummed, setup.b.address.checksummed])
            let off = try Body.object(try await client.get("/v1/devices/DK-OFF"))
            #expect(off["active"] as? Bool == false)
            #expect(off["statusReason"] as? String == "meter under inspection")

            let oracles = try #require(
                try Body.object(try await client.get("/v1/oracles"))["oracles"] as? [[String: Any]])
            #expect(oracles.count == 4)
            let a = try Body.object(try await client.get("/v1/oracles/\(setup.a.address.lowercased)"))
            #expect(a["address"] as? String == setup.a.address.checksummed)
            #expect(a["name"] as? String == "Oracle A")
            #expect(a["meters"] as? [String] == ["M-NEW", "M-OFF", "M-SOLAR"])
            let d = try Body.object(try await client.get("/v1/oracles/\(setup.d.address.checksummed)"))
            #expect(d["active"] as? Bool == false)
            #expect(d["statusReason"] as? String == "key compromised")

            try expectProblem(try await client.get("/v1/oracles/0x1234"), status: .badRequest, code: "invalid_address")
            let stranger = Secp256k1.PrivateKey().address.checksummed
            try expectProblem(try await client.get("/v1/oracles/\(stranger)"), status: .notFound, code: "not_found")
            try expectProblem(try await client.get("/v1/devices/DK-NONE"), status: .notFound, code: "not_found")
            try expectProblem(
                try await client.get("/v1/devices/DK-NONE/issuance"), status: .notFound, code: "not_found")
            try expectProblem(try await client.get("/v1/meters/M-NONE/periods"), status: .notFound, code: "not_found")
            try expectProblem(
                try await client.get("/v1/meters/M-SOLAR/periods?limit=0"), status: .badRequest, code: "invalid_query")
            try expectProblem(
                try await client.get("/v1/meters/M-SOLAR/periods?from=-5"), status: .badRequest, code: "invalid_query")
            try expectProblem(try await client.get("/v1/disputes?limit=x"), status: .badRequest, code: "invalid_query")
        }
    }

    @Test func disagreementIsListedAsADispute() async throws {
        let setup = try await Setup.make()
        try await setup.registry.withClient(clock: Self.now) { client in
            _ = try await setup.register(client)
            #expect((try Body.object(try await client.get("/v1/disputes"))["disputes"] as? [Any])?.isEmpty == true)
            let results = try await Self.post(
                client,
                [
                    try setup.sign(Self.reading(at: Self.ten - 3_600, energyWh: 300), setup.a),
                    try setup.sign(Self.reading(at: Self.ten - 3_600, energyWh: 301), setup.b),
                ])
            #expect(results.map { $0["outcome"] as? String } == ["accepted", "accepted"])
            #expect((results[1]["period"] as? [String: Any])?["disputed"] as? Bool == true)
            let disputes = try #require(
                try Body.object(try await client.get("/v1/disputes"))["disputes"] as? [[String: Any]])
            #expect(disputes.count == 1)
            #expect(disputes.first?["meter"] as? String == "M-SOLAR")
            #expect(disputes.first?["device"] as? String == "DK-CPH-1")
            let period = try #require(disputes.first?["period"] as? [String: Any])
            #expect(period["periodStart"] as? Int == Int(Self.ten - 3_600))
            #expect(period["disputed"] as? Bool == true)
            #expect(period["issued"] as? Bool == false)
            #expect((period["attestations"] as? [[String: Any]])?.map { $0["energyWh"] as? Int } == [300, 301])
            // Nothing was minted.
            let balances = try Body.object(try await client.get("/v1/accounts/\(setup.owner.checksummed)/balances"))
            #expect((balances["balances"] as? [Any])?.isEmpty == true)
        }
    }

    /// A negative validFrom cannot be encoded as EIP-712 uint64: a 400, and the server carries on.
    @Test func anUnencodableAssignmentIsAProblemNotACrash() async throws {
        let setup = try await Setup.make()
        let valid = try setup.registry.sign(
            .registerOracle(.init(oracle: setup.a.address, name: "A")), nonce: 0, key: setup.registry.issuingBodyKey)
        let forged = SignedCommand(
            command: .assignOracles(.init(meter: "M-SOLAR", oracles: [setup.a.address], quorum: 1, validFrom: -1)),
            nonce: 0, signature: valid.signature)
        try await setup.registry.withClient(clock: Self.now) { client in
            try expectProblem(
                try await client.post("/v1/commands", Body.json(forged)), status: .badRequest, code: "malformed_command"
            )
            #expect(try await entries(client) == 2)
            #expect(try await client.post("/v1/commands", Body.json(valid)).status == .ok)
        }
    }

    // MARK: rejections

    /// A signature whose s is replaced by n − s (and v flipped): the same point, but high-S (EIP-2).
    static func highS(_ signature: [UInt8]) -> [UInt8] {
        let n = try! Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        var s = Array(signature[32..<64])
        var borrow = 0
        for i in (0..<32).reversed() {
            let v = Int(n[i]) - Int(s[i]) - borrow
            s[i] = UInt8((v + 256) % 256)
            borrow = v < 0 ? 1 : 0
        }
        return Array(signature[0..<32]) + s + [signature[64] == 27 ? 28 : 27]
    }

    @Test func everyReasonCodeIsReachableOverHTTP() async throws {
        let setup = try await Setup.make()
        let a = setup.a
        let accepted = Self.reading(energyWh: 1_000, cumulativeWh: 50_000)
        let good = try setup.sign(Self.reading(at: Self.ten - 4_500, energyWh: 10), a)
        let cases: [(ReadingRejection.Code, SignedReading)] = [
            (.malformed, try setup.sign(Self.reading("M SOLAR"), a)),
            (.badSignature, SignedReading(reading: good.reading, signature: Self.highS(good.signature))),
            (.badSignature, SignedReading(reading: good.reading, signature: [UInt8](repeating: 0xff, count: 65))),
            (.badSignature, SignedReading(reading: good.reading, signature: Array(good.signature[0..<64]) + [31])),
            (.unknownSigner, try setup.sign(good.reading, a, domain: CommandDomain(chainId: 1))),
            (
                .unknownSigner,
                SignedReading(reading: Self.reading(at: Self.ten - 4_500, energyWh: 11), signature: good.signature)
            ),
            (.oracleSuspended, try setup.sign(Self.reading(), setup.d)),
            (.unknownMeter, try setup.sign(Self.reading("M-NONE"), a)),
            (.deviceSuspended, try setup.sign(Self.reading("M-OFF"), a)),
            (.oracleNotAssigned, try setup.sign(Self.reading(), setup.c)),
            (.periodInvalid, try setup.sign(Self.reading(seconds: 0), a)),
            (.periodMisaligned, try setup.sign(Self.reading(at: Self.ten + 60), a)),
            (.periodTooLong, try setup.sign(Self.reading(at: Self.ten - 3_600, seconds: 4_500), a)),
            (.periodInFuture, try setup.sign(Self.reading(at: Self.ten + 1_800), a)),
            (.periodTooOld, try setup.sign(Self.reading(at: Self.ten - 367 * 86_400), a)),
            (.beforeCommissioning, try setup.sign(Self.reading("M-NEW", at: Self.day - 900, energyWh: 0), a)),
            (.periodOverlap, try setup.sign(Self.reading(at: Self.ten - 900, seconds: 1_800), a)),
            (.alreadyAttested, try setup.sign(Self.reading(energyWh: 1_001, cumulativeWh: 50_000), a)),
            (
                .registerBackwards,
                try setup.sign(Self.reading(at: Self.ten - 1_800, energyWh: 100, cumulativeWh: 60_000), a)
            ),
            (
                .registerMismatch,
                try setup.sign(Self.reading(at: Self.ten - 900, energyWh: 100, cumulativeWh: 49_500), a)
            ),
            (.exceedsCapacity, try setup.sign(Self.reading(at: Self.ten - 2_700, energyWh: 1_376), a)),
            (.sunDown, try setup.sign(Self.reading(at: Self.day - 3_600, energyWh: 5), a)),
        ]
        #expect(Set(cases.map(\.0)) == Set(ReadingRejection.Code.allCases))
        try await setup.registry.withClient(clock: Self.now) { client in
            _ = try await setup.register(client)
            let first = try await Self.post(client, [try setup.sign(accepted, a)])
            #expect(first[0]["outcome"] as? String == "accepted")
            let size = try await entries(client)
            for (code, signed) in cases {
                let results = try await Self.post(client, [signed])
                #expect(results.count == 1)
                #expect(results[0]["outcome"] as? String == "rejected", "\(code)")
                #expect(results[0]["reason"] as? String == code.rawValue, "\(code): \(results[0])")
                #expect((results[0]["detail"] as? String)?.isEmpty == false)
                #expect(results[0]["entry"] == nil)
                #expect(results[0]["index"] as? Int == 0)
                #expect(results[0]["id"] as? String == Self.id(signed.reading, setup.registry))
                if code == .badSignature { #expect(results[0]["oracle"] == nil) }
            }
            #expect(try await entries(client) == size)

            // All of them in one request: one result each, in order, and still nothing written.
            let response = try await client.post("/v1/readings", Body.readings(cases.map(\.1) + [good]))
            let body = try Body.object(response)
            let results = try #require(body["results"] as? [[String: Any]])
            #expect(results.map { $0["reason"] as? String } == cases.map { Optional($0.0.rawValue) } + [nil])
            #expect(results.map { $0["index"] as? Int } == (0...cases.count).map { Optional($0) })
            #expect(body["rejected"] as? Int == cases.count)
            #expect(body["accepted"] as? Int == 1)
            #expect(body["alreadyRecorded"] as? Int == 0)
            #expect(try await entries(client) == size + 1)

            let metrics = Body.text(try await client.get("/metrics"))
            #expect(metrics.contains(#"helio_readings_total{outcome="accepted"} 2"#))
            for code in ReadingRejection.Code.allCases {
                #expect(metrics.contains(#"helio_readings_rejected_total{reason="\#(code.rawValue)"}"#), "\(code)")
            }
            #expect(metrics.contains(#"helio_readings_rejected_total{reason="bad_signature"} 6"#))
        }
    }

    @Test func malformedBodiesAreRefusedWhole() async throws {
        let setup = try await Setup.make()
        let signed = try setup.sign(Self.reading(), setup.a)
        let valid = String(
            decoding: ReadingWire.json(signed.reading, signature: signed.signature).serialized, as: UTF8.self)
        let sig = Hex.encode(signed.signature, prefixed: true)
        let m = #""meter":"M-SOLAR","periodStart":\#(Self.ten),"periodEnd":\#(Self.ten + 900)"#
        let many =
            "{\"readings\":["
            + Array(repeating: valid, count: ReadingWire.maxReadingsPerRequest + 1).joined(separator: ",") + "]}"
        let bodies: [String] = [
            "not json", "", "[]", "{}", #"{"readings":[]}"#, #"{"readings":{}}"#,
            #"{"readings":[\#(valid)],"extra":1}"#,
            #"{"readings":[{\#(m),"energyWh":5,"signature":"\#(sig)","unit":"Wh"}]}"#,
            #"{"readings":[{\#(m),"energyWh":5}]}"#,
            #"{"readings":[{\#(m),"energyWh":5.5,"signature":"\#(sig)"}]}"#,
            #"{"readings":[{\#(m),"energyWh":-5,"signature":"\#(sig)"}]}"#,
            #"{"readings":[{\#(m),"energyWh":"5","signature":"\#(sig)"}]}"#,
            #"{"readings":[{\#(m),"energyWh":5,"cumulativeWh":-1,"signature":"\#(sig)"}]}"#,
            #"{"readings":[{\#(m),"energyWh":9007199254740993,"signature":"\#(sig)"}]}"#,
            #"{"readings":[{\#(m),"energyWh":5,"signature":"0x1234"}]}"#,
            #"{"readings":[{"meter":5,"periodStart":0,"periodEnd":900,"energyWh":5,"signature":"\#(sig)"}]}"#,
            many,
        ]
        try await setup.registry.withClient(clock: Self.now) { client in
            let size = try await setup.register(client)
            for body in bodies {
                let response = try await client.post("/v1/readings", ByteBuffer(string: body))
                try expectProblem(response, status: .badRequest, code: "malformed_body")
            }
            for body in [
                #"{"readings":[{\#(m),"energyWh":5}]}"#,
                #"{"readings":[{\#(m),"energyWh":5}],"signature":"\#(sig)","root":"0x12"}"#,
                #"{"readings":[{\#(m),"energyWh":5,"signature":"\#(sig)"}],"signature":"\#(sig)"}"#,
                #"{"readings":[],"signature":"\#(sig)"}"#,
            ] {
                let response = try await client.post("/v1/reading-batches", ByteBuffer(string: body))
                try expectProblem(response, status: .badRequest, code: "malformed_body")
            }
            #expect(try await entries(client) == size)
            // The valid reading itself was fine all along.
            #expect(try await Self.post(client, [signed])[0]["outcome"] as? String == "accepted")
        }
    }

    // MARK: batches

    @Test func batchesAreAcceptedUnderTheirRoot() async throws {
        let setup = try await Setup.make()
        let registry = setup.registry
        let morning = (0..<3).map { Self.reading(at: Self.ten - 3_600 + Int64($0) * 900, energyWh: 100 + UInt64($0)) }
        let mixed = morning + [Self.reading(at: Self.ten - 7_200, energyWh: 99_999)]
        let batch = try SignedReadingBatch.sign(mixed, domain: registry.domain, with: setup.a)
        let root = ReadingBatchRoot.root(mixed.map(ReadingTypedData.hashStruct))
        let evening = [Self.reading(at: Self.ten - 9_000, energyWh: 7)]
        let other = try SignedReadingBatch.sign(evening, domain: registry.domain, with: setup.a)
        try await registry.withClient(clock: Self.now) { client in
            let size = try await setup.register(client)
            let response = try await client.post("/v1/reading-batches", Body.batch(batch, root: root))
            #expect(response.status == .ok)
            let body = try Body.object(response)
            #expect(body["root"] as? String == Hex.encode(root, prefixed: true))
            #expect(body["oracle"] as? String == setup.a.address.checksummed)
            #expect(body["accepted"] as? Int == 3)
            #expect(body["rejected"] as? Int == 1)
            let results = try #require(body["results"] as? [[String: Any]])
            #expect(results.map { $0["id"] as? String } == mixed.map { Self.id($0, registry) })
            #expect(results.map { $0["reason"] as? String } == [nil, nil, nil, "exceeds_capacity"])
            #expect(results.map { $0["entry"] as? Int } == [size, size, size, nil])
            #expect(try await entries(client) == size + 1)

            // B confirms the same readings one by one: the ids are the same however they arrived.
            let confirmations = try morning.map { try setup.sign($0, setup.b) }
            let confirmed = try await Self.post(client, confirmations)
            #expect(confirmed.map { ($0["period"] as? [String: Any])?["issued"] as? Bool } == [true, true, true])
            let trail = try Body.object(try await client.get("/v1/devices/DK-CPH-1/issuance"))
            #expect(trail["totalEnergyWh"] as? Int == 303)
            #expect(trail["totalReward"] as? String == "303000000000000")

            // Without a root: accepted and the root is reported.
            let plain = try Body.object(try await client.post("/v1/reading-batches", Body.batch(other, root: nil)))
            #expect(plain["accepted"] as? Int == 1)
            #expect(
                plain["root"] as? String
                    == Hex.encode(ReadingBatchRoot.root(evening.map(ReadingTypedData.hashStruct)), prefixed: true))
            // The same batch again: already recorded.
            let again = try Body.object(try await client.post("/v1/reading-batches", Body.batch(other, root: nil)))
            #expect((again["results"] as? [[String: Any]])?.first?["outcome"] as? String == "already_recorded")
            #expect(try await entries(client) == size + 3)
        }
    }

    @Test func aWrongRootIsRefusedAndChangesNothing() async throws {
        let setup = try await Setup.make()
        let readings = [
            Self.reading(at: Self.ten - 3_600, energyWh: 1), Self.reading(at: Self.ten - 2_700, energyWh: 2),
        ]
        let batch = try SignedReadingBatch.sign(readings, domain: setup.registry.domain, with: setup.a)
        let root = ReadingBatchRoot.root(readings.map(ReadingTypedData.hashStruct))
        // The root of the readings in the other order: a valid root, but not of these readings.
        let swapped = ReadingBatchRoot.root(readings.reversed().map(ReadingTypedData.hashStruct))
        try await setup.registry.withClient(clock: Self.now) { client in
            let size = try await setup.register(client)
            let problem = try expectProblem(
                try await client.post("/v1/reading-batches", Body.batch(batch, root: swapped)),
                status: .unprocessableContent, code: "batch_root_mismatch")
            #expect((problem["detail"] as? String)?.contains(Hex.encode(root, prefixed: true)) == true)
            #expect(try await entries(client) == size)
            let periods = try Body.object(try await client.get("/v1/meters/M-SOLAR/periods"))
            #expect((periods["periods"] as? [Any])?.isEmpty == true)
            // A batch signed by a key that is not an oracle, or garbage: every reading says why.
            let stranger = try SignedReadingBatch.sign(
                readings, domain: setup.registry.domain, with: Secp256k1.PrivateKey())
            let unknown = try Body.object(
                try await client.post("/v1/reading-batches", Body.batch(stranger, root: root)))
            #expect(
                (unknown["results"] as? [[String: Any]])?.map { $0["reason"] as? String } == [
                    "unknown_signer", "unknown_signer",
                ])
            let garbage = SignedReadingBatch(readings: readings, signature: [UInt8](repeating: 0, count: 65))
            let bad = try Body.object(try await client.post("/v1/reading-batches", Body.batch(garbage, root: root)))
            #expect(
                (bad["results"] as? [[String: Any]])?.map { $0["reason"] as? String } == [
                    "bad_signature", "bad_signature",
                ])
            #expect(try await entries(client) == size)
        }
    }

    @Test func eip712PublishesTheReadingTypes() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            let body = try Body.object(try await client.get("/v1/eip712"))
            let primary = try #require(body["primaryTypes"] as? [String])
            #expect(primary.contains("MeterReading"))
            #expect(primary.contains("ReadingBatch"))
            #expect(primary.contains("RegisterDevice"))
            #expect(!primary.contains("Meter"))
            let types = try #require(body["types"] as? [String: [[String: String]]])
            #expect(
                types["MeterReading"]?.map { $0["name"]! } == [
                    "meter", "periodStart", "periodEnd", "energyWh", "cumulativeWh",
                ])
            #expect(types["MeterReading"]?.map { $0["type"]! } == ["string", "uint64", "uint64", "uint64", "int64"])
            #expect(types["ReadingBatch"]?.map { $0["name"]! } == ["root", "count"])
            #expect(types["Meter"]?.map { $0["name"]! } == ["id", "intervalSeconds"])
        }
    }
}

/// The journal size reported by /healthz.
func entries(_ client: any TestClientProtocol) async throws -> Int {
    try #require(try Body.object(try await client.get("/healthz"))["entries"] as? Int)
}

extension Body {
    static func readings(_ readings: [SignedReading]) -> ByteBuffer {
        let list = readings.map { ReadingWire.json($0.reading, signature: $0.signature) }
        return ByteBuffer(bytes: JSONValue.object(deduplicating: [("readings", .array(list))]).serialized)
    }

    static func batch(_ batch: SignedReadingBatch, root: [UInt8]?) -> ByteBuffer {
        var members: [(String, JSONValue)] = [
            ("readings", .array(batch.readings.map { ReadingWire.json($0) })),
            ("signature", .string(Hex.encode(batch.signature, prefixed: true))),
        ]
        if let root { members.append(("root", .string(Hex.encode(root, prefixed: true)))) }
        return ByteBuffer(bytes: JSONValue.object(deduplicating: members).serialized)
    }
}
