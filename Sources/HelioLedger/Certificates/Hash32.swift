import HelioCrypto

/// A 32-byte hash (reading id, beneficiary commitment) that reads and writes as `0x` + 64 hex digits in
/// JSON, so journal payloads and stored rows stay readable and exact.
public struct Hash32: Codable, Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) throws(LedgerError) {
        guard bytes.count == 32 else { throw LedgerError(.malformedCommand, "a hash has 32 bytes, got \(bytes.count)") }
        self.bytes = bytes
    }

    public init(hex: String) throws(LedgerError) {
        do { bytes = try Hex.decode(hex, count: 32, what: "32-byte hash") } catch {
            throw LedgerError(.malformedCommand, error.description)
        }
    }

    public var description: String { Hex.encode(bytes, prefixed: true) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try Hash32(hex: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
