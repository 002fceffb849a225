import HelioCrypto

/// The EIP-712 types an oracle signs (published at `/v1/eip712` and in `Schemas/eip712/readings.json`),
/// under the registry's domain (`CommandDomain`: name "Helio", version "1", chainId).
///
/// - `MeterReading(string meter,uint64 periodStart,uint64 periodEnd,uint64 energyWh,int64 cumulativeWh)`:
///   one reading; `cumulativeWh` is −1 when the oracle reports no register.
/// - `ReadingBatch(bytes32 root,uint64 count)`: many readings under one signature. `root` is the
///   RFC 9162 Merkle root (SHA-256, leaf = SHA-256(0x00 ‖ hashStruct(MeterReading))) of the readings in
///   order; `count` is their number.
///
/// A reading's id is its signing digest, whichever way it arrived.
public enum ReadingTypedData {
    typealias F = TypedData.Field

    public static let types: [String: [TypedData.Field]] = [
        "EIP712Domain": CommandTypedData.types["EIP712Domain"]!,
        "MeterReading": [
            F(name: "meter", type: "string"), F(name: "periodStart", type: "uint64"),
            F(name: "periodEnd", type: "uint64"), F(name: "energyWh", type: "uint64"),
            F(name: "cumulativeWh", type: "int64"),
        ],
        "ReadingBatch": [F(name: "root", type: "bytes32"), F(name: "count", type: "uint64")],
    ]

    static let readingTypeHash = Keccak256.hash(
        Array("MeterReading(string meter,uint64 periodStart,uint64 periodEnd,uint64 energyWh,int64 cumulativeWh)".utf8))
    static let batchTypeHash = Keccak256.hash(Array("ReadingBatch(bytes32 root,uint64 count)".utf8))

    /// The general typed data of one reading (for publishing, clients and tests).
    public static func typedData(_ r: MeterReading, domain: CommandDomain) throws -> TypedData {
        try TypedData(
            types: ["EIP712Domain": types["EIP712Domain"]!, "MeterReading": types["MeterReading"]!],
            primaryType: "MeterReading", domain: domain.json, message: message(r))
    }

    /// The message object of a reading, as a client signs it.
    public static func message(_ r: MeterReading) -> JSONValue {
        .object(deduplicating: [
            ("meter", .string(r.meter)), ("periodStart", .integer(r.periodStart)), ("periodEnd", .integer(r.periodEnd)),
            ("energyWh", .integer(r.energyWh)), ("cumulativeWh", .integer(r.cumulativeWh ?? -1)),
        ])
    }

    /// The general typed data of a batch.
    public static func batchTypedData(root: [UInt8], count: UInt64, domain: CommandDomain) throws -> TypedData {
        try TypedData(
            types: ["EIP712Domain": types["EIP712Domain"]!, "ReadingBatch": types["ReadingBatch"]!],
            primaryType: "ReadingBatch", domain: domain.json,
            message: .object(deduplicating: [
                ("root", .string(Hex.encode(root, prefixed: true))), ("count", .integer(count)),
            ]))
    }

    /// hashStruct(MeterReading), written out (the hot path; `ReadingDigestTests` proves it equal to the
    /// general encoder). Times must be non-negative (`MeterReading.validateFields`); a negative time is
    /// encoded as its uint64 bit pattern, which the checks then refuse.
    public static func hashStruct(_ r: MeterReading) -> [UInt8] {
        var enc = readingTypeHash
        enc.reserveCapacity(32 * 6)
        enc += Keccak256.hash(Array(r.meter.utf8))
        enc += word(UInt64(bitPattern: r.periodStart))
        enc += word(UInt64(bitPattern: r.periodEnd))
        enc += word(r.energyWh)
        enc += signedWord(r.cumulativeWh ?? -1)
        return Keccak256.hash(enc)
    }

    /// keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(reading)): what an oracle signs, and the id.
    public static func signingDigest(_ r: MeterReading, domain: CommandDomain) -> [UInt8] {
        Keccak256.hash([0x19, 0x01] + domain.separator + hashStruct(r))
    }

    /// The reading id from an already computed hashStruct.
    public static func signingDigest(hashStruct: [UInt8], domain: CommandDomain) -> [UInt8] {
        Keccak256.hash([0x19, 0x01] + domain.separator + hashStruct)
    }

    /// What a batch's oracle signs.
    public static func batchSigningDigest(root: [UInt8], count: UInt64, domain: CommandDomain) -> [UInt8] {
        let h = Keccak256.hash(batchTypeHash + root + word(count))
        return Keccak256.hash([0x19, 0x01] + domain.separator + h)
    }

    private static func word(_ v: UInt64) -> [UInt8] {
        [UInt8](repeating: 0, count: 24) + (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) }
    }

    private static func signedWord(_ v: Int64) -> [UInt8] {
        [UInt8](repeating: v < 0 ? 0xff : 0, count: 24)
            + (0..<8).map {
                UInt8(truncatingIfNeeded: UInt64(bitPattern: v) >> (56 - 8 * $0))
            }
    }
}
