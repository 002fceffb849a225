/// EIP-712 integers: JSON numbers and strings → sign and magnitude → range check → 32-byte two's complement.
extension EIP712Atomic {
    /// A signed integer as sign and minimal big-endian magnitude (empty for zero; zero is never negative).
    struct BigInteger {
        var negative: Bool
        var magnitude: [UInt8]
    }

    static func integerWord(_ value: JSONValue, bits: Int, signed: Bool) throws(CryptoError) -> [UInt8] {
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

    private static func decimal(
        _ digits: Substring, negative: Bool, text: String
    ) throws(CryptoError)
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
