/// JSON values of atomic EIP-712 types → one 32-byte word, coerced the way eth-account 0.14 coerces them
/// (see `TypedData` for the rules and where Helio is stricter). Errors carry only the problem; the caller
/// prefixes the field path.
enum EIP712Atomic {
    /// Python refuses to convert decimal text longer than this to an int (`sys.int_info.default_max_str_digits`).
    static let maxDecimalDigits = JSONValue.maxIntegerDigits

    static func word(_ type: EIP712Type, _ value: JSONValue) throws(CryptoError) -> [UInt8] {
        switch type {
        case .bool: return wordOf(bool: try bool(value))
        case .address: return [UInt8](repeating: 0, count: 12) + (try address(value)).rawValue
        case .string:
            guard case .string(let s) = value else { throw failure("expected a string, got \(kind(value))") }
            return Keccak256.hash(Array(s.utf8))
        case .bytes: return Keccak256.hash(try bytes(value))
        case .fixedBytes(let n):
            let raw = try bytes(value)
            guard raw.count <= n else { throw failure("\(raw.count) bytes do not fit in bytes\(n)") }
            return raw + [UInt8](repeating: 0, count: 32 - raw.count)
        case .uint(let bits): return try integerWord(value, bits: bits, signed: false)
        case .int(let bits): return try integerWord(value, bits: bits, signed: true)
        case .structType, .array: preconditionFailure("not an atomic type")
        }
    }

    static func failure(_ message: String) -> CryptoError { CryptoError(.invalidTypedData, message) }

    private static func wordOf(bool: Bool) -> [UInt8] { [UInt8](repeating: 0, count: 31) + [bool ? 1 : 0] }

    private static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let t): return "the number \(t)"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    // MARK: bool

    /// Python truthiness, plus eth-account's "False"/"false"/"0" strings.
    private static func bool(_ value: JSONValue) throws(CryptoError) -> Bool {
        switch value {
        case .bool(let b): return b
        case .string(let s): return !["", "False", "false", "0"].contains(s)
        case .number(let t):
            if let integer = try? integer(fromNumber: t) { return !integer.magnitude.isEmpty }
            // A float: Python's float(t) != 0 (1e-400 underflows to 0.0 and is false, as in Python).
            guard let d = Double(t) else { throw failure("not a JSON number: \(t)") }
            return d != 0
        default: throw failure("expected a boolean, got \(kind(value))")
        }
    }

    // MARK: address

    private static func address(_ value: JSONValue) throws(CryptoError) -> Address {
        guard case .string(let s) = value else { throw failure("expected an address string, got \(kind(value))") }
        // eth-utils' form, checked here first: optional 0x/0X, then exactly 40 hex digits ("0x0x…" is not one).
        var body = Substring(s)
        if body.hasPrefix("0x") || body.hasPrefix("0X") { body = body.dropFirst(2) }
        guard body.utf8.count == 40, body.utf8.allSatisfy({ Hex.nibble($0) != nil }) else {
            throw failure("address must be 40 hex digits: \(s)")
        }
        do {
            return try Address(s)
        } catch {
            throw failure(error.message)
        }
    }

    // MARK: bytes

    private static func bytes(_ value: JSONValue) throws(CryptoError) -> [UInt8] {
        switch value {
        case .string(let s):
            if s.isEmpty { return [] }
            let utf8 = Array(s.utf8)
            // Only a lowercase "0x" prefix means hex to eth-account; "0XAB" would be hashed as text.
            guard utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") else {
                throw failure("bytes must be 0x-prefixed hex, got \"\(s)\"")
            }
            guard utf8.count % 2 == 0 else { throw failure("bytes hex has an odd number of digits: \(s)") }
            do {
                return try Hex.decode(s)
            } catch {
                throw failure("bytes value is not hex: \(s)")
            }
        case .number(let t):
            // eth-account's documented coercion: an integer's minimal big-endian bytes; negative → 0x00.
            let integer = try integer(fromNumber: t)
            if integer.negative || integer.magnitude.isEmpty { return [0] }
            return integer.magnitude
        default: throw failure("expected 0x-prefixed hex bytes, got \(kind(value))")
        }
    }
}
