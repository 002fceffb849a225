import Foundation
import HelioCrypto
import Testing

@testable import HelioLedger

/// The hand-written reading digests must equal the general EIP-712 encoder, and the published schema
/// must equal the ledger's types.
struct ReadingDigestTests {
    static let readings: [MeterReading] = [
        MeterReading(meter: "M-SOLAR", periodStart: Sunny.ten, periodEnd: Sunny.ten + 900, energyWh: 1_234),
        MeterReading(
            meter: "M-SOLAR", periodStart: Sunny.ten, periodEnd: Sunny.ten + 900, energyWh: 1_234, cumulativeWh: 0),
        MeterReading(meter: "571313180400000001", periodStart: 0, periodEnd: 60, energyWh: 0, cumulativeWh: 42),
        MeterReading(
            meter: "a.b_c:d-e", periodStart: Int64.max - 3_600, periodEnd: .max, energyWh: MeterReading.maxEnergyWh,
            cumulativeWh: .max),
        MeterReading(meter: "x", periodStart: 1, periodEnd: 2, energyWh: .max, cumulativeWh: nil),
        MeterReading(meter: String(repeating: "Z", count: 64), periodStart: 3_600, periodEnd: 7_200, energyWh: 1 << 40),
    ]

    static let domains = [CommandDomain(chainId: 1), testDomain, CommandDomain(chainId: .max)]

    @Test(arguments: readings)
    func fastPathEqualsGeneralEIP712(_ r: MeterReading) throws {
        for domain in Self.domains {
            let general = try ReadingTypedData.typedData(r, domain: domain)
            let digest = ReadingTypedData.signingDigest(r, domain: domain)
            #expect(digest == (try general.signingDigest()))
            #expect(ReadingTypedData.hashStruct(r) == (try general.hashStruct(general.primaryType, general.message)))
            #expect(
                ReadingTypedData.signingDigest(hashStruct: ReadingTypedData.hashStruct(r), domain: domain) == digest)
        }
    }

    @Test func noRegisterIsSignedAsMinusOne() throws {
        let none = Self.readings[0]
        #expect(ReadingTypedData.message(none)["cumulativeWh"] == .integer(-1))
        var zero = none
        zero.cumulativeWh = 0
        #expect(
            ReadingTypedData.signingDigest(none, domain: testDomain)
                != ReadingTypedData.signingDigest(zero, domain: testDomain))
    }

    @Test func everyFieldChangesTheDigest() {
        let base = Self.readings[1]
        var variants: [MeterReading] = []
        for change in [
            { (r: inout MeterReading) in r.meter = "M-SOLAR2" }, { $0.periodStart += 1 }, { $0.periodEnd += 1 },
            { $0.energyWh += 1 }, { $0.cumulativeWh = 1 }, { $0.cumulativeWh = nil },
        ] as [(inout MeterReading) -> Void] {
            var r = base
            change(&r)
            variants.append(r)
        }
        let digests = Set(([base] + variants).map { ReadingTypedData.signingDigest($0, domain: testDomain) })
        #expect(digests.count == variants.count + 1)
        #expect(
            ReadingTypedData.signingDigest(base, domain: testDomain)
                != ReadingTypedData.signingDigest(base, domain: CommandDomain(chainId: 7318)))
    }

    @Test func batchFastPathEqualsGeneralEIP712() throws {
        let roots: [[UInt8]] = [
            [UInt8](repeating: 0, count: 32), [UInt8](repeating: 0xff, count: 32), (0..<32).map { UInt8($0 * 7) },
        ]
        for root in roots {
            for count: UInt64 in [0, 1, 10_000, .max] {
                for domain in Self.domains {
                    let general = try ReadingTypedData.batchTypedData(root: root, count: count, domain: domain)
                    #expect(
                        ReadingTypedData.batchSigningDigest(root: root, count: count, domain: domain)
                            == (try general.signingDigest()))
                }
            }
        }
    }

    /// Pinned encodeType strings: what clients hash (EIP-712 `encodeType`).
    @Test func typeHashesArePinned() {
        #expect(
            ReadingTypedData.readingTypeHash
                == Keccak256.hash(
                    Array(
                        "MeterReading(string meter,uint64 periodStart,uint64 periodEnd,uint64 energyWh,int64 cumulativeWh)"
                            .utf8)))
        let fields = ReadingTypedData.types["MeterReading"]!.map { "\($0.type) \($0.name)" }.joined(separator: ",")
        #expect(Keccak256.hash(Array("MeterReading(\(fields))".utf8)) == ReadingTypedData.readingTypeHash)
        let batch = ReadingTypedData.types["ReadingBatch"]!.map { "\($0.type) \($0.name)" }.joined(separator: ",")
        #expect(Keccak256.hash(Array("ReadingBatch(\(batch))".utf8)) == ReadingTypedData.batchTypeHash)
    }

    // MARK: the published schema

    static func schemaFile() throws -> SignedCommandTests.SchemaFile {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Schemas/eip712/readings.json"))
        return try JSONDecoder().decode(SignedCommandTests.SchemaFile.self, from: data)
    }

    @Test func publishedSchemaEqualsReadingTypedData() throws {
        let schema = try Self.schemaFile()
        let published = schema.types.mapValues { $0.map { TypedData.Field(name: $0.name, type: $0.type) } }
        #expect(published == ReadingTypedData.types)
        #expect(schema.domain == ["name": "Helio", "version": "1", "chainId": "<chain id>"])
        #expect(published["EIP712Domain"] == CommandTypedData.types["EIP712Domain"])
    }

    @Test(arguments: readings)
    func aDocumentBuiltFromThePublishedSchemaHasTheSameDigest(_ r: MeterReading) throws {
        let schema = try Self.schemaFile()
        func fields(_ name: String) -> JSONValue {
            .array((schema.types[name] ?? []).map { ["name": .string($0.name), "type": .string($0.type)] })
        }
        let document: JSONValue = [
            "types": ["EIP712Domain": fields("EIP712Domain"), "MeterReading": fields("MeterReading")],
            "primaryType": "MeterReading",
            "domain": ["name": "Helio", "version": "1", "chainId": 7317],
            "message": ReadingTypedData.message(r),
        ]
        let parsed = try TypedData(json: document.serialized)
        #expect(try parsed.signingDigest() == ReadingTypedData.signingDigest(r, domain: testDomain))
    }
}
