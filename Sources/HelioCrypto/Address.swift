/// A 20-byte Ethereum account address.
///
/// Parsing follows EIP-55: all-lowercase or all-uppercase hex is accepted as is (it carries no
/// checksum); mixed case must match the checksum exactly, or the address is refused, because a
/// mistyped mixed-case address is exactly what the checksum exists to catch.
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: [UInt8]

    /// The zero address 0x000…0 (mint source, burn sink).
    public static let zero = Address(unchecked: [UInt8](repeating: 0, count: 20))

    init(unchecked bytes: [UInt8]) { rawValue = bytes }

    public init(bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == 20 else {
            throw CryptoError(.invalidLength, "address must be 20 bytes, got \(bytes.count)")
        }
        rawValue = bytes
    }

    /// Parses `0x` + 40 hex digits (the prefix is optional), checking the EIP-55 checksum when the
    /// text mixes cases.
    public init(_ text: String) throws(CryptoError) {
        let body = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        guard body.utf8.count == 40 else {
            throw CryptoError(.invalidAddress, "address must be 40 hex digits, got \(body.utf8.count): \(text)")
        }
        let bytes: [UInt8]
        do { bytes = try Hex.decode(body) } catch { throw CryptoError(.invalidAddress, "address is not hex: \(text)") }
        // Hex.decode would strip a second "0x": "0x0x" + 38 digits must not pass as a 19-byte address.
        guard bytes.count == 20 else { throw CryptoError(.invalidAddress, "address is not 20 bytes of hex: \(text)") }
        self.rawValue = bytes
        let hasLower = body.utf8.contains { (0x61...0x66).contains($0) }
        let hasUpper = body.utf8.contains { (0x41...0x46).contains($0) }
        if hasLower && hasUpper && checksummed != "0x" + body {
            throw CryptoError(.badChecksum, "address has an invalid EIP-55 checksum: \(text)")
        }
    }

    /// EIP-55 mixed-case form: a letter is upper case when the matching nibble of
    /// keccak256(lowercase hex) is ≥ 8.
    public var checksummed: String {
        let lower = Array(Hex.encode(rawValue).utf8)
        let hash = Keccak256.hash(lower)
        var out = [UInt8]("0x".utf8)
        for (i, c) in lower.enumerated() {
            let nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0x0F
            out.append(c >= 0x61 && nibble >= 8 ? c - 0x20 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase 0x-prefixed hex (the form used in JSON-RPC and keystore files, without 0x there).
    public var lowercased: String { Hex.encode(rawValue, prefixed: true) }

    public var description: String { checksummed }

    public static func < (a: Address, b: Address) -> Bool { a.rawValue.lexicographicallyPrecedes(b.rawValue) }
}

extension Address: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(checksummed)
    }
}
