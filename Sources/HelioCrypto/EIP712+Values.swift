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

    // MARK: integers

    /// A signed integer as sign and minimal big-endian magnitude (empty for zero; zero is never negative).
    struct BigInteger {
        var negative: Bool
        var magnitude: [UInt8]
    }

    private static func integerWord(_ value: JSONValue, bits: Int, signed: Bool) throws(CryptoError) -> [UInt8] {
        let integer: BigInteger
        let text: String
        switch value {
        case .number(let t):
            integer = try self.integer(fromNumber: t)
            text = t
        case .string(let s):
            integer = try self.integer(fromString: s)
            text = "\"\(s)\""
        default:
            throw failure("expected an integer or an integer string for \(signed ? "int" : "uint")\(bits)")
        }
        let length = bitLength(integer.magnitude)
        let typeName = "\(signed ? "int" : "uint")\(bits)"
        if !signed {
            guard !integer.negative, length <= bits else { throw failure("\(text) is out of range for \(typeName)") }
        } else if integer.negative {
            // |v| ≤ 2^(bits−1): fewer bits, or exactly 2^(bits−1) (a lone top bit).
            let isPowerOfTwo =
                integer.magnitude[0].nonzeroBitCount == 1 && integer.magnitude.dropFirst().allSatisfy { $0 == 0 }
            guard length < bits || (length == bits && isPowerOfTwo) else {
                throw failure("\(text) is out of range for \(typeName)")
            }
        } else {
            guard length < bits else { throw failure("\(text) is out of range for \(typeName)") }
        }
        var word = [UInt8](repeating: 0, count: 32 - integer.magnitude.count) + integer.magnitude
        if integer.negative {
            // Two's complement over 256 bits: invert, add one.
            var carry = 1
            for i in stride(from: 31, through: 0, by: -1) {
                let v = Int(~word[i]) + carry
                word[i] = UInt8(truncatingIfNeeded: v)
                carry = v >> 8
            }
        }
        return word
    }

    /// A JSON number literal that must be an integer (eth_abi refuses Python floats such as 1.0 or 1e3).
    static func integer(fromNumber text: String) throws(CryptoError) -> BigInteger {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw failure("\(text) is not an integer")
        }
        return try decimal(digits, negative: negative, text: text)
    }

    /// "0x"-prefixed hex (lowercase x, at least one digit) or decimal with an optional sign.
    static func integer(fromString s: String) throws(CryptoError) -> BigInteger {
        let utf8 = Array(s.utf8)
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x"),
            utf8[2...].allSatisfy({ Hex.nibble($0) != nil })
        {
            var hex = Array(utf8[2...].drop { $0 == UInt8(ascii: "0") })
            if hex.count % 2 == 1 { hex.insert(UInt8(ascii: "0"), at: 0) }
            let magnitude = (try? Hex.decode(String(decoding: hex, as: UTF8.self))) ?? []
            return BigInteger(negative: false, magnitude: magnitude)
        }
        var digits = Substring(s)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw failure("\"\(s)\" is not a decimal or 0x-hex integer")
        }
        return try decimal(digits, negative: negative, text: "\"\(s)\"")
    }

    private static func decimal(_ digits: Substring, negative: Bool, text: String) throws(CryptoError)
        -> BigInteger
    {
        guard digits.utf8.count <= maxDecimalDigits else {
            throw failure("\(text.prefix(20))… has more than \(maxDecimalDigits) digits")
        }
        // Little-endian 32-bit limbs: multiply by 10, add the digit.
        var limbs: [UInt32] = []
        for c in digits.utf8 {
            var carry = UInt64(c - 0x30)
            for i in limbs.indices {
                let v = UInt64(limbs[i]) * 10 + carry
                limbs[i] = UInt32(truncatingIfNeeded: v)
                carry = v >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }
        var magnitude: [UInt8] = []
        for limb in limbs.reversed() {
            for shift in stride(from: 24, through: 0, by: -8) {
                magnitude.append(UInt8(truncatingIfNeeded: limb >> shift))
            }
        }
        magnitude = Array(magnitude.drop { $0 == 0 })
        return BigInteger(negative: negative && !magnitude.isEmpty, magnitude: magnitude)
    }

    /// Bits needed for a minimal big-endian magnitude.
    private static func bitLength(_ magnitude: [UInt8]) -> Int {
        guard let first = magnitude.first else { return 0 }
        return (magnitude.count - 1) * 8 + (8 - first.leadingZeroBitCount)
    }
}
