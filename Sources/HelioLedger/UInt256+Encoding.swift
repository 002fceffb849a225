import HelioCrypto

extension UInt256 {
    /// Parses a decimal string of digits only (no sign, no separators); nil if empty, malformed or ≥ 2^256.
    public init?(decimal text: String) {
        guard !text.isEmpty, text.utf8.count <= 78 else { return nil }
        var value = UInt256.zero
        for c in text.utf8 {
            guard c >= 0x30, c <= 0x39, let next = value.multiplied(by: 10)?.adding(UInt256(UInt64(c - 0x30))) else {
                return nil
            }
            value = next
        }
        self = value
    }

    /// From up to 32 big-endian bytes (shorter inputs are left-padded with zeros).
    public init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        var limbs: [UInt64] = [0, 0, 0, 0]
        for (i, b) in bytes.reversed().enumerated() { limbs[i / 8] |= UInt64(b) << (8 * UInt64(i % 8)) }
        self.init(w0: limbs[0], w1: limbs[1], w2: limbs[2], w3: limbs[3])
    }

    /// Parses 0x-prefixed hex of at most 64 digits (as JSON-RPC quantities and ABI words arrive).
    public init?(hex text: String) {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        var body = String(text.dropFirst(2))
        guard !body.isEmpty, body.utf8.count <= 64 else { return nil }
        if body.utf8.count % 2 == 1 { body = "0" + body }
        guard let bytes = try? Hex.decode(body) else { return nil }
        self.init(bigEndian: bytes)
    }

    /// 32 bytes, big-endian (an ABI word).
    public var bigEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for (i, limb) in [w3, w2, w1, w0].enumerated() {
            for j in 0..<8 { out[i * 8 + j] = UInt8(truncatingIfNeeded: limb >> (8 * UInt64(7 - j))) }
        }
        return out
    }

    /// Decimal digits, no leading zeros ("0" for zero).
    public var description: String {
        if isZero { return "0" }
        var chunks: [UInt64] = []
        var value = self
        let tenTo19: UInt64 = 10_000_000_000_000_000_000
        while !value.isZero {
            let (q, r) = value.quotientAndRemainder(dividingBy: tenTo19)
            chunks.append(r)
            value = q
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    /// Canonical JSON-RPC quantity: 0x followed by hex without leading zeros ("0x0" for zero).
    public var hexQuantity: String {
        let hex = Hex.encode(bigEndianBytes)
        let trimmed = hex.drop { $0 == "0" }
        return "0x" + (trimmed.isEmpty ? "0" : String(trimmed))
    }
}

extension UInt256: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = UInt256(decimal: text) ?? UInt256(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an unsigned 256-bit integer: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
