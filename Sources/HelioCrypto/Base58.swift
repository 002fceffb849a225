extension CryptoError.Code {
    /// Text that is not Base58 (a character outside Bitcoin's alphabet), or a Base58Check string too
    /// short to hold its checksum.
    public static let invalidBase58 = CryptoError.Code(rawValue: "invalid_base58")
}

/// Base58 with Bitcoin's alphabet (no 0, O, I, l, so that a key copied by hand cannot be misread).
///
/// Used for BIP-32 extended keys and Open Assets asset ids. Each leading zero byte becomes a leading
/// "1" and back, so the length of the input survives a round trip. The conversion is quadratic in
/// the length, which is fine for the short strings this format exists for.
public enum Base58 {
    /// Bitcoin's Base58 alphabet, in digit order.
    static let alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// Digit value of each ASCII byte, or 0xFF when the byte is not in the alphabet.
    private static let digitValues: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, char) in alphabet.enumerated() { table[Int(char)] = UInt8(value) }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        // Base-58 digits, least significant first. log(256)/log(58) < 1.37 digits per byte.
        var digits = [UInt8]()
        digits.reserveCapacity(bytes.count * 137 / 100 + 1)
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for i in digits.indices {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.reserveCapacity(zeros + digits.count)
        for digit in digits.reversed() { out.append(alphabet[Int(digit)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes Base58 text; any character outside the alphabet (including whitespace) is refused.
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        let chars = Array(text.utf8)
        let ones = chars.prefix { $0 == alphabet[0] }.count
        // Bytes, least significant first. log(58)/log(256) < 0.74 bytes per digit.
        var bytes = [UInt8]()
        bytes.reserveCapacity(chars.count * 74 / 100 + 1)
        for (position, char) in chars.enumerated().dropFirst(ones) {
            let value = digitValues[Int(char)]
            guard value != 0xFF else {
                throw CryptoError(.invalidBase58, "not Base58: invalid character at position \(position + 1)")
            }
            var carry = Int(value)
            for i in bytes.indices {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(truncatingIfNeeded: carry))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: ones) + bytes.reversed()
    }
}
