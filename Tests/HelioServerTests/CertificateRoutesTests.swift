import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import HelioStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelioServer

/// Certificates over HTTP, from readings to a verified statement: issuance, transfer, cancellation with
/// the beneficiary's opening, statements (single and aggregate) checked by `StatementVerifier`, every
/// single tamper named, and the refusals that change nothing.
@Suite struct CertificateRoutesTests {
    static let ten = ReadingRoutesTests.ten
    /// The registry's clock: one minute after the 10:00–11:00 hour.
    static let clock = ten + 3_660

    struct Parties {
        let registry: TestRegistry
        let oracle = Secp256k1.PrivateKey()
        let owner = Secp256k1.PrivateKey()
        let holder = Secp256k1.PrivateKey()

        var device: DeviceRegistration {
            DeviceRegistration(
                id: "DK-CPH-1", name: "Rooftop, Copenhagen", owner: owner.address, energySource: "F01040100",
                technology: "T010101", capacityW: 5_000, commissioningDate: "2021-06-01", country: "DK",
                latitudeE6: 55_676_098, longitudeE6: 12_568_337, gridArea: "DK2",
                meters: [MeterSpec(id: "M-SOLAR", intervalSeconds: 900)])
        }

        /// Registers the device (GC policy) and its oracle, then posts 10:00–11:00 (200 + 300 + 400 + 500 Wh):
        /// GC-1 of 1,400 Wh, owned by `owner`.
        func issue(_ client: any TestClientProtocol) async throws {
            let commands: [Command] = [
                .registerDevice(.init(device)), .registerOracle(.init(oracle: oracle.address, name: "Oracle")),
                .assignOracles(.init(meter: "M-SOLAR", oracles: [oracle.address], quorum: 1, validFrom: 0)),
                .setIssuancePolicy(.init(device: "DK-CPH-1", schemes: [.gc])),
            ]
            let signed = try commands.enumerated().map { i, c in
                try registry.sign(c, nonce: UInt64(i), key: registry.issuingBodyKey)
            }
            let reply = try Body.object(try await client.post("/v1/commands", Body.json(signed)))
            let results = try #require(reply["results"] as? [[String: Any]])
            #expect(results.allSatisfy { $0["accepted"] as? Bool == true }, "\(results)")
            let readings = try [200, 300, 400, 500].enumerated().map { k, e in
                try SignedReading.sign(
                    ReadingRoutesTests.reading(at: CertificateRoutesTests.ten + Int64(k) * 900, energyWh: UInt64(e)),
                    domain: registry.domain, with: oracle)
            }
            _ = try await ReadingRoutesTests.post(client, readings)
        }

        func command(_ c: Command, by key: Secp256k1.PrivateKey, nonce: UInt64) throws -> ByteBuffer {
            Body.json(try registry.sign(c, nonce: nonce, key: key))
        }

        static let opening = BeneficiaryOpening(
            salt: try! Hash32(Digest.sha256(Array("salt".utf8))), name: "ACME Ltd", address: "1 Main St, Copenhagen")

        func cancellation(
            part: String, wh: UInt64, opening: BeneficiaryOpening = Parties.opening, commitment: Hash32? = nil,
            nonce: UInt64
        ) throws -> ByteBuffer {
            let command = Command.cancelCertificate(
                .init(
                    part: part, volumeWh: wh, beneficiaryCommitment: commitment ?? opening.commitment,
                    purpose: "Scope 2 disclosure", consumptionStart: CertificateRoutesTests.ten,
                    consumptionEnd: CertificateRoutesTests.ten + 3_600, location: "DK2"))
            let body: [String: Any] = [
                "command": try JSONSerialization.jsonObject(
                    with: try JSONEncoder().encode(try registry.sign(command, nonce: nonce, key: holder))),
                "beneficiary": ["salt": opening.salt.description, "name": opening.name, "address": opening.address],
            ]
            return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
    }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try JSONValue(parsing: Array(response.body.readableBytesView))
    }

    @Test func fromReadingsToAVerifiedStatement() async throws {
        let p = Parties(registry: try await TestRegistry.make())
        let registryAddress = p.registry.key.address
        try await p.registry.withClient(clock: Self.clock) { client in
            try await p.issue(client)
            let lot = try Self.json(try await client.get("/v1/certificates/GC-1"))
            #expect(lot["lot"]?["volumeWh"] == .integer(1_400) && lot["lot"]?["scheme"] == "GC")
            #expect(lot["lot"]?["productionStart"] == .integer(Self.ten) && lot["lot"]?["readingCount"] == .integer(4))
            let mine = try Self.json(try await client.get("/v1/certificates?owner=\(p.owner.address.checksummed)"))
            #expect(mine["certificates"]?[0]?["id"] == "GC-1.0" && mine["certificates"]?[0]?["status"] == "active")
            let issuance = try Self.json(try await client.get("/v1/devices/DK-CPH-1/certificates"))
            #expect(issuance["policy"]?["schemes"] == ["GC"] && issuance["pendingHours"] == [])

            // The owner sells 600 Wh; the buyer cancels 400 Wh of them for ACME.
            let sold = try await client.post(
                "/v1/commands",
                try p.command(
                    .transferCertificate(.init(part: "GC-1.0", to: p.holder.address, volumeWh: 600)), by: p.owner,
                    nonce: 0))
            #expect(sold.status == .ok)
            let before = try await entries(client)
            let forged = try await client.post(
                "/v1/cancellations",
                try p.cancellation(
                    part: "GC-1.1", wh: 400,
                    opening: BeneficiaryOpening(salt: Parties.opening.salt, name: "Someone else", address: ""),
                    commitment: Parties.opening.commitment, nonce: 0))
            #expect(forged.status == .unprocessableContent && Body.text(forged).contains("invalid_cancellation"))
            #expect(try await entries(client) == before)
            let cancelled = try await client.post(
                "/v1/cancellations", try p.cancellation(part: "GC-1.1", wh: 400, nonce: 0))
            #expect(cancelled.status == .created, "\(Body.text(cancelled))")
            let receipt = try Self.json(cancelled)
            #expect(receipt["part"] == "GC-1.2" && receipt["lot"] == "GC-1")
            guard case .string(let id) = receipt["id"] else { throw CancellationError() }

            let statement = try await client.get("/v1/cancellations/\(id)/statement")
            #expect(statement.status == .ok)
            let bytes = Array(statement.body.readableBytesView)
            let verified = try StatementVerifier.verify(document: bytes, registryAddress: registryAddress)
            #expect(verified.count == 1 && verified[0].volumeWh == 400 && verified[0].beneficiary == "ACME Ltd")
            #expect(verified[0].lot == "GC-1" && verified[0].scheme == "GC")
            try Self.everyTamperIsNamed(try JSONValue(parsing: bytes), registryAddress: registryAddress)

            // The cancelled units never move; more than held is refused; nothing changes.
            let frozen = try await client.post(
                "/v1/commands",
                try p.command(
                    .transferCertificate(.init(part: "GC-1.2", to: p.owner.address, volumeWh: 1)), by: p.holder,
                    nonce: 1))
            #expect(frozen.status == .conflict && Body.text(frozen).contains("certificate_cancelled"))
            let tooMuch = try await client.post(
                "/v1/commands",
                try p.command(
                    .transferCertificate(.init(part: "GC-1.1", to: p.owner.address, volumeWh: 201)), by: p.holder,
                    nonce: 1))
            #expect(tooMuch.status == .conflict && Body.text(tooMuch).contains("insufficient_certificate"))
            let notMine = try await client.post(
                "/v1/commands",
                try p.command(
                    .transferCertificate(.init(part: "GC-1.0", to: p.holder.address, volumeWh: 1)), by: p.holder,
                    nonce: 1))
            #expect(notMine.status == .forbidden && Body.text(notMine).contains("not_holder"))

            // A second cancellation, then the aggregate statement for ACME over the day.
            let second = try await client.post(
                "/v1/cancellations", try p.cancellation(part: "GC-1.1", wh: 150, nonce: 1))
            #expect(second.status == .created)
            let aggregate = try await client.get(
                "/v1/statements?beneficiary=ACME%20Ltd&from=\(Self.ten - 36_000)&to=\(Self.ten + 50_000)")
            #expect(aggregate.status == .ok, "\(Body.text(aggregate))")
            let all = try StatementVerifier.verify(
                document: Array(aggregate.body.readableBytesView), registryAddress: registryAddress)
            #expect(all.map(\.volumeWh) == [400, 150])
            let list = try Self.json(try await client.get("/v1/cancellations?holder=\(p.holder.address.checksummed)"))
            guard case .array(let items) = list["cancellations"] else { throw CancellationError() }
            #expect(items.count == 2)

            #expect(try await client.get("/v1/cancellations/999999/statement").status == .notFound)
            #expect(try await client.get("/v1/cancellations/abc/statement").status == .badRequest)
            #expect(try await client.get("/v1/certificates/GC-77").status == .notFound)
            #expect(try await client.get("/v1/statements?beneficiary=Nobody").status == .notFound)
            #expect(try await client.get("/v1/certificates?scheme=XX").status == .badRequest)
        }
    }

    /// Each single change to a valid statement fails with a message naming what failed.
    static func everyTamperIsNamed(_ doc: JSONValue, registryAddress: Address) throws {
        func expectFailure(_ changed: JSONValue, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation)
        {
            do {
                _ = try StatementVerifier.verify(changed, registryAddress: registryAddress)
                Issue.record("a tampered statement verified (\(fragment))", sourceLocation: sourceLocation)
            } catch {
                #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
            }
        }
        expectFailure(doc.replacing(["entry", "payload"], flipHex), "inclusionProof")
        expectFailure(doc.replacing(["inclusionProof", 0], flipHex), "inclusionProof")
        expectFailure(doc.replacing(["lineage", 0, "inclusionProof", 0], flipHex), "lineage[0].inclusionProof")
        expectFailure(doc.replacing(["lineage", 1, "entry", "payload"], flipHex), "lineage[1].inclusionProof")
        expectFailure(doc.replacing(["beneficiary", "salt"], flipHex), "does not hash to the commitment")
        expectFailure(
            doc.replacing(["beneficiary", "name"]) { _ in .string("ACME Ltd.") }, "does not hash to the commitment")
        expectFailure(doc.replacing(["cancellation", "volumeWh"]) { _ in .integer(401) }, "cancellation.volumeWh")
        expectFailure(doc.replacing(["cancellation", "purpose"]) { _ in .string("other") }, "cancellation.purpose")
        expectFailure(doc.replacing(["lot", "issuanceEntry"]) { _ in .integer(1) }, "lineage[0].entry.index")
        // The checkpoint: a root, a size, the signature.
        expectFailure(doc.replacing(["checkpoint"]) { Self.checkpointLine($0, 2, flipBase64) }, "checkpoint")
        expectFailure(doc.replacing(["checkpoint"]) { Self.checkpointLine($0, 1) { "1" + $0 } }, "checkpoint")
        expectFailure(doc.replacing(["checkpoint"]) { Self.checkpointLine($0, 5, flipHex) }, "checkpoint")
        // Another registry's address.
        do {
            _ = try StatementVerifier.verify(doc, registryAddress: Secp256k1.PrivateKey().address)
            Issue.record("a statement verified for another registry")
        } catch {
            #expect(error.message.contains("another registry"))
        }
    }

    /// Line `n` of the signed note changed by `change` (0 origin, 1 size, 2 root, 3 time, 5 signature line).
    static func checkpointLine(_ value: JSONValue, _ n: Int, _ change: (String) -> String) -> JSONValue {
        guard case .string(let text) = value else { return value }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[n] = change(lines[n])
        return .string(lines.joined(separator: "\n"))
    }

    /// Flips the last hex digit of a string (keeps it hex).
    static func flipHex(_ text: String) -> String {
        var chars = Array(text)
        chars[chars.count - 1] = chars[chars.count - 1] == "0" ? "1" : "0"
        return String(chars)
    }

    static func flipHex(_ value: JSONValue) -> JSONValue {
        guard case .string(let s) = value else { return value }
        return .string(flipHex(s))
    }

    static func flipBase64(_ text: String) -> String {
        var chars = Array(text)
        chars[0] = chars[0] == "A" ? "B" : "A"
        return String(chars)
    }
}

extension JSONValue {
    /// This value with the member at `path` (object keys and array indices) replaced by `change(old)`.
    func replacing(_ path: [any Sendable], _ change: (JSONValue) -> JSONValue) -> JSONValue {
        guard let first = path.first else { return change(self) }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(let members), let key as String):
            return .object(members.map { $0.key == key ? .init(key, $0.value.replacing(rest, change)) : $0 })
        case (.array(let items), let i as Int):
            var copy = items
            copy[i] = items[i].replacing(rest, change)
            return .array(copy)
        default:
            return self
        }
    }

    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, index < items.count else { return nil }
        return items[index]
    }
}
