import HelioLedger

/// Recursive Length Prefix, Ethereum's serialisation of nested byte strings (Yellow Paper, appendix B).
///
/// Decoding is STRICT: every value has exactly one accepted encoding. A lenient decoder would let
/// anyone re-encode a signed transaction (a single byte as `0x81 0x05`, a short length in long form)
/// into different raw bytes with a different hash but the same signature — transaction malleability.
/// So the decoder refuses: trailing bytes after the one item, a single byte below 0x80 wrapped in a
/// header, long-form lengths below 56 or with leading zero bytes, lengths that run past the input, and
/// lists nested deeper than `maxDepth`. It never traps on any input: every failure is a thrown
/// `EthereumError`.
public enum RLP {
    /// An RLP value: a byte string or a list of values.
    public indirect enum Item: Hashable, Sendable {
        case bytes([UInt8])
        case list([Item])
    }

    /// Lists nested deeper than this are refused. Transactions need 4 (access list → entry → keys);
    /// the cap only exists so hostile input cannot exhaust the stack through recursion.
    public static let maxDepth = 16

    // MARK: Decoding

    /// Decodes exactly one item that spans all of `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(EthereumError) -> Item {
        guard !bytes.isEmpty else { throw EthereumError(.malformedRLP, "RLP input is empty") }
        var reader = Reader(bytes: bytes)
        let item = try reader.item(depth: 0)
        guard reader.position == bytes.count else {
            throw EthereumError(
                .malformedRLP,
                "RLP has \(bytes.count - reader.position) trailing byte(s) after the item at byte \(reader.position)")
        }
        return item
    }

    /// A cursor over the input; positions are byte offsets used in error messages.
    struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func item(depth: Int) throws(EthereumError) -> Item {
            let start = position
            guard position < bytes.count else {
                throw EthereumError(.malformedRLP, "RLP input ends where an item should start at byte \(start)")
            }
            let prefix = bytes[position]
            position += 1
            switch prefix {
            case 0x00...0x7f:
                return .bytes([prefix])
            case 0x80...0xb7:
                let length = Int(prefix - 0x80)
                let body = try take(length, start: start, what: "string")
                if length == 1 && body[0] < 0x80 {
                    throw EthereumError(
                        .nonCanonicalRLP,
                        "RLP single byte 0x\(hex(body[0])) below 0x80 must encode as itself, not with a header at byte \(start)"
                    )
                }
                return .bytes(body)
            case 0xb8...0xbf:
                let length = try longLength(Int(prefix - 0xb7), start: start)
                return .bytes(try take(length, start: start, what: "string"))
            case 0xc0...0xf7:
                return .list(try listBody(length: Int(prefix - 0xc0), depth: depth + 1, start: start))
            default:  // 0xf8...0xff
                let length = try longLength(Int(prefix - 0xf7), start: start)
                return .list(try listBody(length: length, depth: depth + 1, start: start))
            }
        }

        /// Reads a big-endian length of `count` bytes (long form), refusing non-canonical forms.
        mutating func longLength(_ count: Int, start: Int) throws(EthereumError) -> Int {
            guard count <= bytes.count - position else {
                throw EthereumError(.malformedRLP, "RLP length of length runs past the end of input at byte \(start)")
            }
            guard bytes[position] != 0 else {
                throw EthereumError(.nonCanonicalRLP, "RLP long-form length has a leading zero byte at byte \(start)")
            }
            var length = 0
            for _ in 0..<count {
                // Any length above the remaining input is refused below, so saturate instead of overflowing.
                guard length <= (Int.max >> 8) else {
                    throw EthereumError(.malformedRLP, "RLP length overflows at byte \(start)")
                }
                length = length << 8 | Int(bytes[position])
                position += 1
            }
            guard length >= 56 else {
                throw EthereumError(
                    .nonCanonicalRLP,
                    "RLP long-form length \(length) is below 56 (short form required) at byte \(start)")
            }
            return length
        }

        mutating func take(_ length: Int, start: Int, what: String) throws(EthereumError) -> [UInt8] {
            guard length <= bytes.count - position else {
                throw EthereumError(.malformedRLP, "RLP \(what) length runs past the end of input at byte \(start)")
            }
            defer { position += length }
            return Array(bytes[position..<position + length])
        }

        mutating func listBody(length: Int, depth: Int, start: Int) throws(EthereumError) -> [Item] {
            guard depth <= RLP.maxDepth else {
                throw EthereumError(.malformedRLP, "RLP lists nest deeper than \(RLP.maxDepth) at byte \(start)")
            }
            guard length <= bytes.count - position else {
                throw EthereumError(.malformedRLP, "RLP list length runs past the end of input at byte \(start)")
            }
            let end = position + length
            var items: [Item] = []
            while position < end {
                let itemStart = position
                // Parse inside a reader limited to the list's end, so an item cannot claim bytes beyond it.
                var inner = Reader(bytes: bytes, position: position)
                let item = try inner.item(depth: depth)
                guard inner.position <= end else {
                    throw EthereumError(
                        .malformedRLP, "RLP item at byte \(itemStart) runs past the end of its list at byte \(end)")
                }
                position = inner.position
                items.append(item)
            }
            return items
        }
    }

    // MARK: Encoding

    /// The canonical encoding of `item`.
    public static func encode(_ item: Item) -> [UInt8] {
        var out: [UInt8] = []
        append(item, to: &out)
        return out
    }

    /// The canonical encoding of an unsigned integer (minimal big-endian bytes; 0 is the empty string).
    public static func encode(uint value: UInt64) -> [UInt8] { encode(.uint(value)) }

    /// The canonical encoding of an unsigned 256-bit integer.
    public static func encode(uint value: UInt256) -> [UInt8] { encode(.uint(value)) }

    static func append(_ item: Item, to out: inout [UInt8]) {
        switch item {
        case .bytes(let b):
            if b.count == 1 && b[0] < 0x80 {
                out.append(b[0])
            } else {
                appendHeader(length: b.count, short: 0x80, to: &out)
                out += b
            }
        case .list(let items):
            var body: [UInt8] = []
            for i in items { append(i, to: &body) }
            appendHeader(length: body.count, short: 0xc0, to: &out)
            out += body
        }
    }

    /// Short form below 56 bytes (prefix + length); long form above (prefix + 55 + length-of-length).
    static func appendHeader(length: Int, short: UInt8, to out: inout [UInt8]) {
        if length < 56 {
            out.append(short + UInt8(length))
        } else {
            let lengthBytes = minimalBigEndian(UInt64(length))
            out.append(short + 55 + UInt8(lengthBytes.count))
            out += lengthBytes
        }
    }

    /// Big-endian bytes without leading zeros ([] for 0).
    static func minimalBigEndian(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var v = value
        while v != 0 {
            bytes.insert(UInt8(truncatingIfNeeded: v), at: 0)
            v >>= 8
        }
        return bytes
    }
}

/// Two lowercase hex digits (for error messages).
func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
}
