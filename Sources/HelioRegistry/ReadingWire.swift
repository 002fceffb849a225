import HelioCrypto
import HelioLedger
import HelioLog

/// A reading with its oracle's own signature, as `POST /v1/readings` carries it.
public struct SignedReading: Sendable, Hashable {
    public let reading: MeterReading
    /// r ‖ s ‖ v, 65 bytes.
    public let signature: [UInt8]
    public init(reading: MeterReading, signature: [UInt8]) {
        self.reading = reading
        self.signature = signature
    }

    public static func sign(
        _ r: MeterReading, domain: CommandDomain, with key: Secp256k1.PrivateKey
    ) throws
        -> SignedReading
    {
        SignedReading(
            reading: r, signature: try key.sign(digest: ReadingTypedData.signingDigest(r, domain: domain)).bytes)
    }
}

/// Many readings under one oracle signature over their Merkle root (`POST /v1/reading-batches`).
public struct SignedReadingBatch: Sendable, Hashable {
    public let readings: [MeterReading]
    public let signature: [UInt8]
    public init(readings: [MeterReading], signature: [UInt8]) {
        self.readings = readings
        self.signature = signature
    }

    public static func sign(
        _ readings: [MeterReading], domain: CommandDomain, with key: Secp256k1.PrivateKey
    ) throws
        -> SignedReadingBatch
    {
        let root = ReadingBatchRoot.root(readings.map(ReadingTypedData.hashStruct))
        let digest = ReadingTypedData.batchSigningDigest(root: root, count: UInt64(readings.count), domain: domain)
        return SignedReadingBatch(readings: readings, signature: try key.sign(digest: digest).bytes)
    }
}

/// A request body or journal payload that does not have the expected shape: where, and what is wrong.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The JSON forms of readings, strict: unknown fields, wrong types, fractions, out-of-range numbers and
/// malformed hex are refused with the path of the offending value. Parsed with HelioCrypto's JSON
/// parser (Foundation's decoder costs more than the rest of a reading's checks on the hot endpoints).
///
/// A reading: `{"meter": "…", "periodStart": 0, "periodEnd": 900, "energyWh": 5, "cumulativeWh": 9}`
/// (`cumulativeWh` optional; with `"signature": "0x…"` when signed alone).
public enum ReadingWire {
    /// Most readings one request may carry.
    public static let maxReadingsPerRequest = 10_000

    static let readingKeys: Set<String> = ["meter", "periodStart", "periodEnd", "energyWh", "cumulativeWh"]

    /// `{"readings": [signed reading…]}`.
    public static func signedReadings(_ body: JSONValue) throws(WireError) -> [SignedReading] {
        let list = try readingList(body, allowed: ["readings"])
        var out: [SignedReading] = []
        out.reserveCapacity(list.count)
        for (i, item) in list.enumerated() {
            let path = "readings[\(i)]"
            out.append(
                SignedReading(
                    reading: try reading(item, path: path, extra: ["signature"]),
                    signature: try signature(item["signature"], path: path + ".signature")))
        }
        return out
    }

    /// `{"signature": "0x…", "readings": [reading…], "root": "0x…" (optional, checked when present)}`.
    public static func batch(_ body: JSONValue) throws(WireError) -> (batch: SignedReadingBatch, root: [UInt8]?) {
        let list = try readingList(body, allowed: ["readings", "signature", "root"])
        var readings: [MeterReading] = []
        readings.reserveCapacity(list.count)
        for (i, item) in list.enumerated() { readings.append(try reading(item, path: "readings[\(i)]", extra: [])) }
        var root: [UInt8]? = nil
        if let r = body["root"] { root = try hex(r, count: 32, path: "root") }
        return (
            SignedReadingBatch(readings: readings, signature: try signature(body["signature"], path: "signature")), root
        )
    }

    private static func readingList(_ body: JSONValue, allowed: Set<String>) throws(WireError) -> [JSONValue] {
        guard case .object(let members) = body else { throw WireError("the body must be a JSON object") }
        for m in members where !allowed.contains(m.key) { throw WireError("unknown field \(m.key)") }
        guard case .array(let list) = body["readings"] else { throw WireError("readings must be an array") }
        guard !list.isEmpty, list.count <= maxReadingsPerRequest else {
            throw WireError("readings must hold 1…\(maxReadingsPerRequest) items, got \(list.count)")
        }
        return list
    }

    /// One reading object; `extra` lists the other keys allowed beside the reading's own.
    public static func reading(_ v: JSONValue, path: String, extra: Set<String>) throws(WireError) -> MeterReading {
        guard case .object(let members) = v else { throw WireError("\(path) must be an object") }
        for m in members where !readingKeys.contains(m.key) && !extra.contains(m.key) {
            throw WireError("\(path): unknown field \(m.key)")
        }
        guard case .string(let meter) = v["meter"] else { throw WireError("\(path).meter must be a string") }
        let start = try integer(v["periodStart"], path: path + ".periodStart", max: UInt64(Int64.max))
        let end = try integer(v["periodEnd"], path: path + ".periodEnd", max: UInt64(Int64.max))
        let energy = try integer(v["energyWh"], path: path + ".energyWh", max: MeterReading.maxEnergyWh)
        var cumulative: Int64? = nil
        if let c = v["cumulativeWh"], c != .null {
            cumulative = Int64(try integer(c, path: path + ".cumulativeWh", max: UInt64(Int64.max)))
        }
        return MeterReading(
            meter: meter, periodStart: Int64(start), periodEnd: Int64(end), energyWh: energy, cumulativeWh: cumulative)
    }

    static func integer(_ v: JSONValue?, path: String, max: UInt64) throws(WireError) -> UInt64 {
        guard case .number(let text) = v, let n = UInt64(text), n <= max else {
            throw WireError("\(path) must be an integer 0…\(max)")
        }
        return n
    }

    static func signature(_ v: JSONValue?, path: String) throws(WireError) -> [UInt8] {
        try hex(v, count: 65, path: path)
    }

    static func hex(_ v: JSONValue?, count: Int, path: String) throws(WireError) -> [UInt8] {
        guard case .string(let text) = v, let bytes = try? Hex.decode(text, what: path), bytes.count == count else {
            throw WireError("\(path) must be \(count) bytes of hex (0x…)")
        }
        return bytes
    }

    /// The JSON object of a reading (keys sorted: the journal's canonical form).
    public static func json(_ r: MeterReading, signature: [UInt8]? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let c = r.cumulativeWh { members.append(("cumulativeWh", .integer(c))) }
        members += [
            ("energyWh", .integer(r.energyWh)), ("meter", .string(r.meter)), ("periodEnd", .integer(r.periodEnd)),
            ("periodStart", .integer(r.periodStart)),
        ]
        if let signature { members.append(("signature", .string(Hex.encode(signature, prefixed: true)))) }
        return .object(deduplicating: members)
    }
}

/// The RFC 9162 Merkle root over readings (the log's own hashing, `Merkle`): leaf i =
/// SHA-256(0x00 ‖ hashStruct(reading i)), interior node = SHA-256(0x01 ‖ left ‖ right).
public enum ReadingBatchRoot {
    public static func root(_ structHashes: [[UInt8]]) -> [UInt8] {
        // Cannot throw: every leaf hash is 32 bytes.
        try! Merkle.root(leafHashes: structHashes.map(Merkle.leafHash))
    }
}
