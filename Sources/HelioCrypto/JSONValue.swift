/// A JSON value that keeps what typed-data hashing needs and Foundation loses.
///
/// - Numbers stay as their literal text (`.number("-5")`, `.number("1157920892373161954235709850086879078532…")`):
///   EIP-712 integers go up to 2^256, far past `Int`, `Double` and `Decimal`.
/// - Objects keep their members in document order. A key that appears twice keeps its first position and its
///   last value, as Python's `json.loads` (and so eth-account) does. Keys compare by their exact Unicode scalars,
///   never by canonical equivalence (in Swift "\u{212A}" == "K"; in JSON and Python they differ).
///
/// Equality is structural and order-sensitive: two objects with the same members in a different order are not
/// equal. Parsing is strict RFC 8259: no NaN/Infinity, no comments, no trailing commas, no lone surrogates,
/// no control characters inside strings, UTF-8 only, nesting at most `maxDepth` deep, integer literals at most
/// `maxIntegerDigits` digits long.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. "-5", "1.5e3". Must be a valid JSON number literal.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One `"key": value` member of an object.
    public struct Member: Sendable, Hashable {
        public let key: String
        public let value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Deepest nesting of arrays and objects the parser accepts (Python's default recursion limit is ~1000).
    public static let maxDepth = 512

    /// Longest integer literal the parser accepts: Python's `sys.int_info.default_max_str_digits`, past which
    /// `json.loads` fails.
    public static let maxIntegerDigits = 4300

    /// Parses one JSON document (UTF-8). Errors carry code `invalid_json` and the byte offset.
    public init(parsing json: [UInt8]) throws(CryptoError) {
        var parser = JSONParser(bytes: json)
        self = try parser.parseDocument()
    }

    /// An integer number.
    public static func integer(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// The value of `key` in an object (nil for a missing key or a non-object). Exact scalar comparison.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// Builds an object from members, folding repeated keys like a parser does (first position, last value).
    public static func object(deduplicating members: [(String, JSONValue)]) -> JSONValue {
        // Small objects (the common case: a reading has five members) are folded by a linear scan; a
        // dictionary of keys costs more than the whole object below a dozen members.
        if members.count <= 12 {
            var out: [Member] = []
            out.reserveCapacity(members.count)
            for (key, value) in members {
                if let i = out.firstIndex(where: { $0.key.utf8.elementsEqual(key.utf8) }) {
                    out[i] = Member(key, value)
                } else {
                    out.append(Member(key, value))
                }
            }
            return .object(out)
        }
        var out: [Member] = []
        var index: [[UInt8]: Int] = [:]
        for (key, value) in members {
            if let i = index[Array(key.utf8)] {
                out[i] = Member(key, value)
            } else {
                index[Array(key.utf8)] = out.count
                out.append(Member(key, value))
            }
        }
        return .object(out)
    }
}

extension CryptoError.Code {
    /// Malformed JSON text (internal: TypedData reports it as `invalid_typed_data`).
    static let invalidJSON = CryptoError.Code(rawValue: "invalid_json")
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(deduplicating: elements) }
}

// MARK: - Serialisation

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text (members in order, non-ASCII kept as UTF-8, control characters escaped).
    public var description: String { String(decoding: serialized, as: UTF8.self) }

    /// Compact JSON as UTF-8 bytes, written byte by byte into one buffer (reading replies and journal
    /// payloads hold thousands of values: building a String scalar by scalar cost more than the work
    /// they report).
    public var serialized: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Self.nullBytes
        case .bool(let b): out += b ? Self.trueBytes : Self.falseBytes
        case .number(let text): out += text.utf8
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                m.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A string's UTF-8 bytes between quotes; `"`, `\`, and control characters escaped (the UTF-8 of
    /// every other scalar is copied as is, so a byte below 0x80 is always a whole character).
    private static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                out += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

// MARK: - Parser

/// A recursive-descent RFC 8259 parser over UTF-8 bytes.
struct JSONParser {
    let bytes: [UInt8]
    var pos = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(CryptoError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard pos == bytes.count else { throw fail("unexpected text after the JSON value") }
        return value
    }

    private func fail(_ message: String) -> CryptoError {
        CryptoError(.invalidJSON, "invalid JSON at byte \(pos): \(message)")
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
    }

    private mutating func parseValue() throws(CryptoError) -> JSONValue {
        guard pos < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("unexpected character")
        }
    }

    private mutating func expectLiteral(_ word: String) throws(CryptoError) {
        let w = Array(word.utf8)
        guard bytes.count - pos >= w.count, Array(bytes[pos..<pos + w.count]) == w else {
            throw fail("unexpected character")
        }
        pos += w.count
    }

    private mutating func enter() throws(CryptoError) {
        depth += 1
        guard depth <= JSONValue.maxDepth else { throw fail("nested deeper than \(JSONValue.maxDepth) levels") }
    }

    private mutating func parseObject() throws(CryptoError) -> JSONValue {
        try enter()
        pos += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object([])
        }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            guard pos < bytes.count else { throw fail("unexpected end of input in object") }
            if bytes[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard bytes[pos] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
            pos += 1
            depth -= 1
            return .object(deduplicating: members)
        }
    }

    private mutating func parseArray() throws(CryptoError) -> JSONValue {
        try enter()
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array([])
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard pos < bytes.count else { throw fail("unexpected end of input in array") }
            if bytes[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard bytes[pos] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
            pos += 1
            depth -= 1
            return .array(items)
        }
    }

    /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, returned as text.
    private mutating func parseNumber() throws(CryptoError) -> String {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("expected a digit") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        let integerDigits = pos - start - (bytes[start] == UInt8(ascii: "-") ? 1 : 0)
        var isInteger = true
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("expected a digit after '.'") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("expected a digit in the exponent") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        // Python's json refuses such integers (int/str conversion limit), so typed data with one never signs.
        guard !isInteger || integerDigits <= JSONValue.maxIntegerDigits else {
            throw fail("integer has more than \(JSONValue.maxIntegerDigits) digits")
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func parseString() throws(CryptoError) -> String {
        pos += 1
        // Fast path: no escape before the closing quote (keys, hex, ids): one validation, no copy loop.
        var end = pos
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20
        {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            guard let s = String(validating: bytes[pos..<end], as: UTF8.self) else {
                throw fail("string is not valid UTF-8")
            }
            pos = end + 1
            return s
        }
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw fail("unterminated string") }
            let b = bytes[pos]
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                // Validates UTF-8: malformed sequences in the input are refused, not repaired.
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                pos += 1
                try parseEscape(into: &out)
            case 0..<0x20:
                throw fail("control character in string")
            default:
                out.append(b)
                pos += 1
            }
        }
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(CryptoError) {
        guard pos < bytes.count else { throw fail("unterminated escape") }
        let c = bytes[pos]
        pos += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let byte = simple[c] {
            out.append(byte)
            return
        }
        guard c == UInt8(ascii: "u") else { throw fail("invalid escape") }
        var scalar = try parseHex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard bytes.count - pos >= 6, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                throw fail("lone surrogate in \\u escape")
            }
            pos += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate in \\u escape") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw fail("lone surrogate in \\u escape")
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
        out.append(contentsOf: Array(String(Character(u)).utf8))
    }

    private mutating func parseHex4() throws(CryptoError) -> UInt32 {
        guard bytes.count - pos >= 4 else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let n = Hex.nibble(bytes[pos]) else { throw fail("invalid \\u escape") }
            v = v << 4 | UInt32(n)
            pos += 1
        }
        return v
    }
}
