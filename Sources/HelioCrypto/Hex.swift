/// Strict hexadecimal encoding and decoding.
///
/// Decoding accepts an optional `0x`/`0X` prefix and either letter case, and rejects odd lengths
/// and non-hex characters. Encoding is lowercase; `prefixed` adds `0x`.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes, prefixed: Bool = false) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2 + 2)
        if prefixed { out += [0x30, 0x78] }
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex text; `what` names the value in the error message.
    public static func decode(_ text: String, what: String = "hex value") throws(CryptoError) -> [UInt8] {
        var utf8 = Array(text.utf8)
        if utf8.count >= 2, utf8[0] == 0x30, utf8[1] == 0x78 || utf8[1] == 0x58 {
            utf8.removeFirst(2)
        }
        guard utf8.count % 2 == 0 else {
            throw CryptoError(.invalidHex, "\(what): odd number of hex digits (\(utf8.count))")
        }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else {
                throw CryptoError(.invalidHex, "\(what): not hexadecimal")
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Decodes hex text that must hold exactly `count` bytes.
    public static func decode(_ text: String, count: Int, what: String) throws(CryptoError) -> [UInt8] {
        let bytes = try decode(text, what: what)
        guard bytes.count == count else {
            throw CryptoError(.invalidLength, "\(what): expected \(count) bytes, got \(bytes.count)")
        }
        return bytes
    }

    @inline(__always)
    /// The value of one hex digit (either case), nil for any other byte.
    public static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}
