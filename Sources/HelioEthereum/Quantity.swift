import HelioCrypto
import HelioLedger

/// JSON-RPC quantities: integers as 0x-prefixed hex WITHOUT leading zeros ("0x0", "0x1a").
///
/// Strict both ways, as the Ethereum JSON-RPC spec and geth's `hexutil` are: web3 clients compare
/// these strings, and a lenient decoder would accept requests that other nodes refuse.
public enum EthQuantity {
    public static func encode(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    public static func encode(_ value: UInt256) -> String { value.hexQuantity }

    /// Parses a 64-bit quantity: "0x" prefix, at least one hex digit, no leading zeros (except "0x0").
    public static func decode(_ text: String) throws(EthereumError) -> UInt64 {
        let digits = try canonicalDigits(text, maxDigits: 16, what: "64-bit quantity")
        return digits.reduce(0) { $0 << 4 | UInt64($1) }
    }

    /// Parses a 256-bit quantity with the same rules.
    public static func decodeUInt256(_ text: String) throws(EthereumError) -> UInt256 {
        let digits = try canonicalDigits(text, maxDigits: 64, what: "256-bit quantity")
        var bytes = [UInt8](repeating: 0, count: (digits.count + 1) / 2)
        for (i, d) in digits.reversed().enumerated() { bytes[bytes.count - 1 - i / 2] |= d << (4 * UInt8(i % 2)) }
        return UInt256(bigEndian: bytes) ?? .zero
    }

    /// The digit values of a canonical quantity.
    private static func canonicalDigits(_ text: String, maxDigits: Int, what: String) throws(EthereumError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == 0x30, utf8[1] == 0x78 else {
            throw EthereumError(.invalidQuantity, "quantity must start with 0x: \(quoted(text))")
        }
        let body = utf8.dropFirst(2)
        guard !body.isEmpty else { throw EthereumError(.invalidQuantity, "quantity has no digits: \"0x\"") }
        guard body.count == 1 || body.first != 0x30 else {
            throw EthereumError(.invalidQuantity, "quantity has leading zeros: \(quoted(text))")
        }
        var digits: [UInt8] = []
        for c in body {
            guard let d = Hex.nibble(c) else {
                throw EthereumError(.invalidQuantity, "quantity is not hexadecimal: \(quoted(text))")
            }
            digits.append(d)
        }
        guard digits.count <= maxDigits else {
            throw EthereumError(.invalidQuantity, "quantity does not fit a \(what): \(quoted(text))")
        }
        return digits
    }
}

/// JSON-RPC data: bytes as 0x-prefixed hex, two digits per byte, lowercase when written.
public enum EthData {
    public static func encode(_ bytes: [UInt8]) -> String { Hex.encode(bytes, prefixed: true) }

    /// Parses "0x" + an even number of hex digits (either case); "0x" is the empty byte string.
    public static func decode(_ text: String) throws(EthereumError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == 0x30, utf8[1] == 0x78 else {
            throw EthereumError(.invalidData, "data must start with 0x: \(quoted(text))")
        }
        guard utf8.count % 2 == 0 else {
            throw EthereumError(.invalidData, "data has an odd number of hex digits (\(utf8.count - 2))")
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2 - 1)
        var i = 2
        while i < utf8.count {
            guard let hi = Hex.nibble(utf8[i]), let lo = Hex.nibble(utf8[i + 1]) else {
                throw EthereumError(.invalidData, "data is not hexadecimal at digit \(i - 2): \(quoted(text))")
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Parses data that must be exactly `count` bytes (a 32-byte hash, a 20-byte address).
    public static func decode(_ text: String, count: Int) throws(EthereumError) -> [UInt8] {
        let bytes = try decode(text)
        guard bytes.count == count else {
            throw EthereumError(.invalidData, "data must be \(count) bytes, got \(bytes.count)")
        }
        return bytes
    }
}

/// Text for an error message, quoted and cut short so a huge hostile string cannot bloat a log line.
func quoted(_ text: String) -> String {
    text.utf8.count <= 80 ? "\"\(text)\"" : "\"\(String(decoding: text.utf8.prefix(77), as: UTF8.self))...\""
}
