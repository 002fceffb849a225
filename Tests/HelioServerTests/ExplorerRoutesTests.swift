import Foundation
import HTTPTypes
import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelioServer

/// The explorer's routes: its static files (types, caching, no way out of the folder) and the reads its
/// pages need — `/v1/overview`, `/v1/devices/{id}/production`, `/v1/certificates/{lot}/readings` —
/// checked against figures computed here from what the test itself posted.
@Suite struct ExplorerRoutesTests {
    static let ten = ReadingRoutesTests.ten
    static let hour: Int64 = 3_600
    /// The registry's clock: after the last period posted (12:30).
    static let clock = ten + 3 * hour

    /// Two solar rooftops in Copenhagen, one oracle (quorum 1):
    /// - DEV-A (2 MW, GO + GC): 10:00–11:00 4 × 200,000 Wh, 11:00–12:00 4 × 150,000 Wh;
    /// - DEV-B (5 kW, GC): 10:00–11:00 100 + 200 + 300 + 400 Wh, and one hour-long period 11:30–12:30 of
    ///   1,001 Wh that straddles 12:00 (its hours stay pending: 11:00–11:30 has no reading).
    struct World {
        let registry: TestRegistry
        let oracle = Secp256k1.PrivateKey()
        let owner = Secp256k1.PrivateKey()
        let holder = Secp256k1.PrivateKey()

        static let energyA: [(start: Int64, wh: UInt64)] =
            (0..<4).map { (ten + Int64($0) * 900, 200_000) } + (0..<4).map { (ten + hour + Int64($0) * 900, 150_000) }
        static let energyB: [(start: Int64, wh: UInt64)] = [100, 200, 300, 400].enumerated().map {
            (ten + Int64($0.offset) * 900, UInt64($0.element))
        }
        static let straddling = MeterReading(
            meter: "M-B", periodStart: ten + hour + 1_800, periodEnd: ten + 2 * hour + 1_800, energyWh: 1_001,
            cumulativeWh: nil)

        func device(_ id: String, meter: String, capacityW: UInt64) -> DeviceRegistration {
            DeviceRegistration(
                id: id, name: "Rooftop \(id)", owner: owner.address, energySource: "F01040100", technology: "T010101",
                capacityW: capacityW, commissioningDate: "2021-06-01", country: "DK", latitudeE6: 55_676_098,
                longitudeE6: 12_568_337, gridArea: "DK2", meters: [MeterSpec(id: meter, intervalSeconds: 900)])
        }

        func populate(_ client: any TestClientProtocol) async throws {
            let commands: [Command] = [
                .registerDevice(.init(device("DEV-A", meter: "M-A", capacityW: 2_000_000))),
                .registerDevice(.init(device("DEV-B", meter: "M-B", capacityW: 5_000))),
                .registerOracle(.init(oracle: oracle.address, name: "Oracle")),
                .assignOracles(.init(meter: "M-A", oracles: [oracle.address], quorum: 1, validFrom: 0)),
                .assignOracles(.init(meter: "M-B", oracles: [oracle.address], quorum: 1, validFrom: 0)),
                .setIssuancePolicy(.init(device: "DEV-A", schemes: [.go, .gc])),
                .setIssuancePolicy(.init(device: "DEV-B", schemes: [.gc])),
            ]
            let signed = try commands.enumerated().map { i, c in
                try registry.sign(c, nonce: UInt64(i), key: registry.issuingBodyKey)
            }
            let reply = try Body.object(try await client.post("/v1/commands", Body.json(signed)))
            let results = try #require(reply["results"] as? [[String: Any]])
            #expect(results.allSatisfy { $0["accepted"] as? Bool == true }, "\(results)")
            var readings = Self.energyA.map {
                MeterReading(
                    meter: "M-A", periodStart: $0.start, periodEnd: $0.start + 900, energyWh: $0.wh, cumulativeWh: nil)
            }
            readings += Self.energyB.map {
                MeterReading(
                    meter: "M-B", periodStart: $0.start, periodEnd: $0.start + 900, energyWh: $0.wh, cumulativeWh: nil)
            }
            readings.append(Self.straddling)
            for r in readings {
                let results = try await ReadingRoutesTests.post(
                    client, [try SignedReading.sign(r, domain: registry.domain, with: oracle)])
                #expect(results[0]["outcome"] as? String == "accepted", "\(results)")
            }
        }

        /// The owner sells 300,000 Wh of DEV-A's 10:00 GC to the holder, who cancels 100,000 Wh of them.
        func transferAndCancel(_ client: any TestClientProtocol, gc: String) async throws -> String {
            let transfer = try registry.sign(
                .transferCertificate(.init(part: "\(gc).0", to: holder.address, volumeWh: 300_000)), nonce: 0,
                key: owner)
            #expect(try await client.post("/v1/commands", Body.json(transfer)).status == .ok)
            let opening = BeneficiaryOpening(
                salt: try Hash32(Digest.sha256(Array("explorer".utf8))), name: "ACME", address: "")
            let cancel = Command.cancelCertificate(
                .init(
                    part: "\(gc).1", volumeWh: 100_000, beneficiaryCommitment: opening.commitment,
                    purpose: "Scope 2", consumptionStart: ExplorerRoutesTests.ten,
                    consumptionEnd: ExplorerRoutesTests.ten + 3_600, location: "DK2"))
            let body: [String: Any] = [
                "command": try JSONSerialization.jsonObject(
                    with: try JSONEncoder().encode(try registry.sign(cancel, nonce: 0, key: holder))),
                "beneficiary": ["salt": opening.salt.description, "name": opening.name, "address": opening.address],
            ]
            let reply = try await client.post(
                "/v1/cancellations", ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            #expect(reply.status == .created, "\(Body.text(reply))")
            return try #require(try Body.object(reply)["id"] as? String)
        }
    }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try JSONValue(parsing: Array(response.body.readableBytesView))
    }

    static func int(_ value: JSONValue?) -> Int64? {
        guard case .number(let text)? = value else { return nil }
        return Int64(text)
    }

    static func ids(_ value: JSONValue?, _ key: String) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { if case .string(let s)? = $0[key] { s } else { nil } }
    }

    // MARK: - /v1/overview

    @Test func overviewFiguresEqualWhatWasPosted() async throws {
        let w = World(registry: try await TestRegistry.make())
        try await w.registry.withClient(clock: Self.clock) { client in
            try await w.populate(client)
            let gcA = try Self.json(try await client.get("/v1/certificates?device=DEV-A&scheme=GC"))
            let firstGC = try #require(Self.ids(gcA["certificates"], "lot").first)
            _ = try await w.transferAndCancel(client, gc: firstGC)

            // Independent sums of what this test posted (quorum 1: every period was issued).
            let attested = World.energyA.map(\.wh).reduce(0, +) + World.energyB.map(\.wh).reduce(0, +) + 1_001
            let readings = World.energyA.count + World.energyB.count + 1
            // GC: DEV-A's two complete hours and DEV-B's 10:00 hour; DEV-B's 11:00 and 12:00 hours are pending.
            let gcWh: UInt64 = 4 * 200_000 + 4 * 150_000 + (100 + 200 + 300 + 400)
            // GO: DEV-A's whole MWh (1,400,000 Wh attested → one GO of 1,000,000 Wh, 400,000 carried).
            let goWh: UInt64 = 1_000_000
            let supply = UInt256(attested).multiplied(by: RewardAsset.baseUnitsPerWh)

            let o = try Self.json(try await client.get("/v1/overview"))
            let health = try Body.object(try await client.get("/healthz"))
            #expect(o["name"] == "test-registry" && Self.int(o["chainId"]) == Int64(TestRegistry.chainId))
            #expect(o["checkpointAddress"] == .string(w.registry.key.address.checksummed))
            #expect(o["rewardAsset"]?["totalSupply"] == .string(supply?.description ?? "?"))
            #expect(o["rewardAsset"]?["id"] == .string(w.registry.sun.text) && o["rewardAsset"]?["symbol"] == "SUN")
            #expect(Self.int(o["energyAttestedWh"]) == Int64(attested))
            #expect(Self.int(o["issuances"]) == Int64(readings))
            #expect(Self.int(o["readingsRecorded"]) == Int64(readings))
            #expect(Self.int(o["devices"]) == 2 && Self.int(o["oracles"]) == 1 && Self.int(o["meters"]) == 2)
            #expect(Self.int(o["certificates"]?["GC"]?["issuedWh"]) == Int64(gcWh))
            #expect(Self.int(o["certificates"]?["GC"]?["lots"]) == 3)
            #expect(Self.int(o["certificates"]?["GO"]?["issuedWh"]) == Int64(goWh))
            #expect(Self.int(o["certificates"]?["GO"]?["lots"]) == 1)
            #expect(Self.int(o["certificates"]?["GC"]?["cancelledWh"]) == 100_000)
            #expect(Self.int(o["certificates"]?["GO"]?["cancelledWh"]) == 0)
            #expect(Self.int(o["cancelledWh"]) == 100_000 && Self.int(o["cancellations"]) == 1)
            #expect(Self.int(o["lots"]) == 4)
            #expect(Self.int(o["journalSize"]) == Int64(health["entries"] as? Int ?? -1))
            // The cancellation's statement signed a checkpoint: the overview names one.
            #expect(Self.int(o["checkpoint"]?["size"]).map { $0 > 0 } == true)

            // The supply equals the asset's own figure, and the cached figures move with the journal.
            let sun = try Body.object(try await client.get("/v1/assets/\(w.registry.sun.text)"))
            #expect(o["rewardAsset"]?["totalSupply"] == .string(sun["totalSupply"] as? String ?? ""))
            let more = MeterReading(
                meter: "M-A", periodStart: Self.ten + 2 * Self.hour, periodEnd: Self.ten + 2 * Self.hour + 900,
                energyWh: 7, cumulativeWh: nil)
            _ = try await ReadingRoutesTests.post(
                client, [try SignedReading.sign(more, domain: w.registry.domain, with: w.oracle)])
            let after = try Self.json(try await client.get("/v1/overview"))
            #expect(Self.int(after["energyAttestedWh"]) == Int64(attested) + 7)
            #expect(Self.int(after["readingsRecorded"]) == Int64(readings) + 1)
        }
    }

    // MARK: - /v1/devices/{id}/production

    @Test func productionBucketsSumToTheDevicesIssuedEnergy() async throws {
        let w = World(registry: try await TestRegistry.make())
        try await w.registry.withClient(clock: Self.clock) { client in
            try await w.populate(client)
            // DEV-A's latest issued period ends at 12:00, DEV-B's at 12:30.
            for (device, end) in [("DEV-A", Self.ten + 2 * Self.hour), ("DEV-B", Self.ten + 3 * Self.hour)] {
                let p = try Self.json(try await client.get("/v1/devices/\(device)/production"))
                let trail = try Body.object(try await client.get("/v1/devices/\(device)/issuance"))
                guard case .array(let hours)? = p["hours"] else { throw CancellationError() }
                let sum = hours.compactMap { Self.int($0["energyWh"]) }.reduce(0, +)
                #expect(sum == Int64(trail["totalEnergyWh"] as? Int ?? -1) && sum == Self.int(p["totalEnergyWh"]))
                // The default window: 7 days of hours up to the end of the latest issued period's hour.
                #expect(hours.count == 168 && Self.int(p["to"]) == end)
                #expect(Self.int(p["to"])! - Self.int(p["from"])! == 168 * Self.hour)
                let starts = hours.compactMap { Self.int($0["hour"]) }
                #expect(starts == (0..<168).map { Self.int(p["from"])! + Int64($0) * Self.hour })
            }
            // DEV-B: the 11:30–12:30 period is split by its seconds in each hour: 500 to 11:00, 501 to 12:00.
            let b = try Self.json(
                try await client.get("/v1/devices/DEV-B/production?from=\(Self.ten)&to=\(Self.ten + 3 * Self.hour)"))
            guard case .array(let hoursB)? = b["hours"] else { throw CancellationError() }
            #expect(hoursB.map { Self.int($0["energyWh"]) } == [1_000, 500, 501])
            #expect(Self.int(b["issuedPeriods"]) == 5)
            // Bounds widen to whole hours.
            let a = try Self.json(
                try await client.get("/v1/devices/DEV-A/production?from=\(Self.ten + 1)&to=\(Self.ten + Self.hour + 1)")
            )
            guard case .array(let hoursA)? = a["hours"] else { throw CancellationError() }
            #expect(Self.int(a["from"]) == Self.ten && Self.int(a["to"]) == Self.ten + 2 * Self.hour)
            #expect(hoursA.map { Self.int($0["energyWh"]) } == [800_000, 600_000])

            try expectProblem(
                try await client.get("/v1/devices/DEV-A/production?from=abc"), status: .badRequest,
                code: "invalid_query")
            try expectProblem(
                try await client.get("/v1/devices/DEV-A/production?from=\(Self.ten)&to=\(Self.ten)"),
                status: .badRequest,
                code: "invalid_query")
            try expectProblem(
                try await client.get("/v1/devices/DEV-A/production?from=0&to=\(367 * 86_400)"), status: .badRequest,
                code: "invalid_query")
            try expectProblem(
                try await client.get("/v1/devices/DEV-A/production?to=9223372036854775807"), status: .badRequest,
                code: "invalid_query")
            try expectProblem(try await client.get("/v1/devices/NOPE/production"), status: .notFound, code: "not_found")
        }
    }

    @Test func aPeriodIsSplitExactlyOverTheHoursItCovers() {
        typealias P = HourlyProduction
        #expect(P.split(energyWh: 900, start: 0, end: 900).map(\.1) == [900])
        #expect(
            P.split(energyWh: 1_001, start: 1_800, end: 5_400).map { [$0.0, Int64($0.1)] } == [
                [0, 500], [3_600, 501],
            ])
        #expect(P.split(energyWh: 7, start: 2_700, end: 6_300).map(\.1) == [1, 6])
        for (energy, start) in [(UInt64(999_983), Int64(600)), (1, 3_000), (UInt64.max / 2, 1_200)] {
            #expect(P.split(energyWh: energy, start: start, end: start + 3_600).reduce(0) { $0 + $1.1 } == energy)
        }
        #expect(P.floorHour(-1) == -3_600 && P.ceilHour(3_601) == 7_200 && P.ceilHour(7_200) == 7_200)
    }

    // MARK: - /v1/certificates/{lot}/readings

    @Test func aLotsReadingsAreTheLotsReadingIdsWithTheirPeriods() async throws {
        let w = World(registry: try await TestRegistry.make())
        try await w.registry.withClient(clock: Self.clock) { client in
            try await w.populate(client)
            let all = try Self.json(try await client.get("/v1/certificates?status=active"))
            let lots = Set(Self.ids(all["certificates"], "lot"))
            #expect(lots.count == 4)
            for lotId in lots {
                let lot = try Self.json(try await client.get("/v1/certificates/\(lotId)"))
                let r = try Self.json(try await client.get("/v1/certificates/\(lotId)/readings"))
                guard case .array(let expected)? = lot["lot"]?["readings"], case .array(let items)? = r["readings"]
                else {
                    throw CancellationError()
                }
                #expect(items.map { $0["id"] } == expected, "\(lotId)")
                #expect(items.allSatisfy { $0["found"] == .bool(true) })
                #expect(r["readingsRoot"] == lot["lot"]?["readingsRoot"])
                let energy = items.compactMap { Self.int($0["energyWh"]) }.reduce(0, +)
                if lot["lot"]?["scheme"] == "GC" {
                    #expect(energy == Self.int(lot["lot"]?["volumeWh"]), "\(lotId)")
                } else {
                    // The GO's MWh came from the 10:00–11:30 periods (1,100,000 Wh; 100,000 carried on).
                    #expect(energy == 1_100_000 && items.count == 6)
                }
                let periods = items.compactMap { Self.int($0["periodStart"]) }
                #expect(
                    periods.allSatisfy {
                        $0 >= Self.int(lot["lot"]?["productionStart"])! && $0 < Self.int(lot["lot"]?["productionEnd"])!
                    })
                #expect(items.allSatisfy { $0["oracle"] == .string(w.oracle.address.checksummed) })
            }
            try expectProblem(
                try await client.get("/v1/certificates/GC-99/readings"), status: .notFound, code: "not_found")
        }
    }

    // MARK: - Static files

    @Test func theExplorerAndItsFilesAreServedWithTheirTypes() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            let index = try await client.get("/")
            #expect(index.status == .ok && index.headers[.contentType] == "text/html; charset=utf-8")
            let html = Body.text(index)
            #expect(html.contains(#"<script src="/explorer/app.js" defer></script>"#))
            #expect(html.contains(#"name="viewport""#))
            let csp = try #require(index.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"))
            #expect(index.headers[.cacheControl] == "no-cache")

            let expected = [
                "app.js": "text/javascript; charset=utf-8", "charts.js": "text/javascript; charset=utf-8",
                "style.css": "text/css; charset=utf-8", "favicon.svg": "image/svg+xml",
                "index.html": "text/html; charset=utf-8",
            ]
            for (name, type) in expected {
                let r = try await client.get("/explorer/\(name)")
                #expect(r.status == .ok && r.headers[.contentType] == type, "\(name)")
                #expect(r.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                let etag = try #require(r.headers[.eTag])
                #expect(r.body.readableBytes > 0 && Int(r.headers[.contentLength] ?? "") == r.body.readableBytes)
                // The client's copy is current: 304, no body.
                let again = try await client.execute(
                    uri: "/explorer/\(name)", method: .get, headers: [.ifNoneMatch: etag])
                #expect(again.status == .notModified && again.body.readableBytes == 0)
                let stale = try await client.execute(
                    uri: "/explorer/\(name)", method: .get, headers: [.ifNoneMatch: "\"0000\""])
                #expect(stale.status == .ok)
            }
            // No page or script names another origin: the explorer works offline.
            for name in ["index.html", "app.js", "charts.js", "style.css"] {
                let text = Body.text(try await client.get("/explorer/\(name)"))
                #expect(!text.contains("https://") && !text.contains("//cdn"), "\(name)")
            }
        }
    }

    @Test func unknownFilesAndPathsOutOfTheFolderAre404Problems() async throws {
        let registry = try await TestRegistry.make()
        try await registry.withClient { client in
            for path in [
                "/explorer/nope.js", "/explorer/../Package.swift", "/explorer/..%2FPackage.swift",
                "/explorer/%2e%2e%2fPackage.swift", "/explorer/..", "/explorer/.hidden", "/explorer/",
                "/explorer/Assets", "/explorer/ExplorerController.swift", "/explorer/app.js/x",
                "/explorer/..%2F..%2F..%2Fetc%2Fpasswd",
            ] {
                let r = try await client.get(path)
                #expect(r.status == .notFound, "\(path)")
                #expect(r.headers[.contentType] == "application/problem+json", "\(path)")
                #expect(!Body.text(r).contains("swift-tools-version") && !Body.text(r).contains("root:"), "\(path)")
            }
            try expectProblem(try await client.get("/explorer/nope.js"), status: .notFound, code: "not_found")
        }
    }

    @Test func loadingServesOnlyPlainTopLevelFilesAndDropsAMissingVerifier() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = "<head>\(ExplorerAssets.verifierTag)<script src=\"/explorer/app.js\"></script></head>"
        try Data(page.utf8).write(to: folder.appendingPathComponent("index.html"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("app.js"))
        try Data("secret".utf8).write(to: folder.appendingPathComponent(".env"))
        try Data("binary".utf8).write(to: folder.appendingPathComponent("notes.exe"))
        try Data("inner".utf8).write(to: folder.appendingPathComponent("sub/inner.js"))
        let assets = try ExplorerAssets.load(from: folder)
        #expect(Set(assets.files.keys) == ["index.html", "app.js"])
        let index = String(buffer: try #require(assets.files["index.html"]).bytes)
        #expect(!index.contains("verify.js") && index.contains("app.js"))
        // With the verifier present, its tag stays.
        try Data("window.HelioVerify = {}".utf8).write(to: folder.appendingPathComponent("verify.js"))
        let withVerifier = try ExplorerAssets.load(from: folder)
        #expect(String(buffer: try #require(withVerifier.files["index.html"]).bytes).contains("verify.js"))
        #expect(withVerifier.files["app.js"]?.etag != withVerifier.files["verify.js"]?.etag)
        for bad in ["..", ".env", "a/b", "", "a b.js", String(repeating: "a", count: 101)] {
            #expect(!ExplorerAssets.isServableName(bad), "\(bad)")
        }
    }
}
