import Foundation
import Testing

@testable import HelioLedger

/// UInt256: exact, never wrapping, decimal in JSON. Expected values computed with Python integers.
struct UInt256Tests {
    static let two64 = UInt256(w0: 0, w1: 1, w2: 0, w3: 0)
    static let two128 = UInt256(w0: 0, w1: 0, w2: 1, w3: 0)
    static let two192 = UInt256(w0: 0, w1: 0, w2: 0, w3: 1)
    static let two255 = UInt256(w0: 0, w1: 0, w2: 0, w3: 1 << 63)

    struct Case: Sendable, CustomTestStringConvertible {
        let value: UInt256
        let decimal: String
        let hex: String
        var testDescription: String { decimal }
    }

    static let cases = [
        Case(value: 0, decimal: "0", hex: "0x0"),
        Case(value: 1, decimal: "1", hex: "0x1"),
        Case(value: UInt256(UInt64.max), decimal: "18446744073709551615", hex: "0xffffffffffffffff"),
        Case(value: two64, decimal: "18446744073709551616", hex: "0x10000000000000000"),
        Case(
            value: two128, decimal: "340282366920938463463374607431768211456",
            hex: "0x100000000000000000000000000000000"),
        Case(
            value: .max,
            decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639935",
            hex: "0x" + String(repeating: "f", count: 64)),
    ]

    // MARK: text

    @Test(arguments: cases)
    func decimalAndHexRoundTrip(_ c: Case) {
        #expect(c.value.description == c.decimal)
        #expect(UInt256(decimal: c.decimal) == c.value)
        #expect(c.value.hexQuantity == c.hex)
        #expect(UInt256(hex: c.hex) == c.value)
        #expect(UInt256(hex: c.hex.uppercased().replacingOccurrences(of: "0X", with: "0x")) == c.value)
        #expect(UInt256(bigEndian: c.value.bigEndianBytes) == c.value)
    }

    @Test func printsNumbersWithInnerZeroChunks() {
        // 10^19 is one chunk of the printer exactly; 10^38 + 1 has a chunk of all zeros inside.
        let tenTo19 = UInt256(10_000_000_000_000_000_000)
        #expect(tenTo19.description == "10000000000000000000")
        let tenTo38Plus1 = tenTo19.multiplied(by: 10_000_000_000_000_000_000)!.adding(1)!
        #expect(tenTo38Plus1.description == "1" + String(repeating: "0", count: 37) + "1")
        #expect(UInt256(decimal: tenTo38Plus1.description) == tenTo38Plus1)
    }

    @Test(arguments: [
        "115792089237316195423570985008687907853269984665640564039457584007913129639936",  // 2^256
        String(repeating: "9", count: 78),  // 10^78 − 1
        "-1", "", "1.5", "+1", " 1", "1 ", "1_000", "0x10", "1e3", "١",
    ])
    func decimalRefuses(_ text: String) {
        #expect(UInt256(decimal: text) == nil)
    }

    @Test(arguments: [
        "0x", "0X", "", "10", "ff", "0x1" + String(repeating: "0", count: 64), "0x-1", "0xg", "0x 1", "0x1 ",
        "0x0x1",
    ])
    func hexRefuses(_ text: String) {
        #expect(UInt256(hex: text) == nil)
    }

    @Test func hexAcceptsOddLengthsAndLeadingZeros() {
        #expect(UInt256(hex: "0xabc") == 2748)
        #expect(UInt256(hex: "0x00ff") == 255)
        #expect(UInt256(hex: "0x" + String(repeating: "0", count: 64)) == 0)
    }

    // MARK: arithmetic

    @Test func addingOverflowsExactlyAtTheBoundary() {
        let maxMinusOne = UInt256.max.subtracting(1)!
        #expect(maxMinusOne.adding(1) == .max)
        #expect(UInt256.max.adding(0) == .max)
        #expect(UInt256.max.adding(1) == nil)
        #expect(maxMinusOne.adding(2) == nil)
        #expect(UInt256.max.adding(.max) == nil)
        #expect(Self.two255.adding(Self.two255) == nil)
        #expect(Self.two255.adding(Self.two255.subtracting(1)!) == .max)
        // Carries ripple through every limb.
        #expect(UInt256(UInt64.max).adding(1) == Self.two64)
        #expect(Self.two128.subtracting(1)!.adding(1) == Self.two128)
        #expect(Self.two192.subtracting(1)!.adding(1) == Self.two192)
        #expect(UInt256(w0: .max, w1: .max, w2: .max, w3: 0).adding(1) == Self.two192)
        #expect(UInt256(2).adding(3) == 5)
    }

    @Test func subtractingUnderflowsExactlyAtTheBoundary() {
        #expect(UInt256(0).subtracting(0) == 0)
        #expect(UInt256(0).subtracting(1) == nil)
        #expect(UInt256(1).subtracting(1) == 0)
        #expect(UInt256(1).subtracting(2) == nil)
        #expect(UInt256.max.subtracting(.max) == 0)
        #expect(UInt256.max.subtracting(.max.subtracting(1)!) == 1)
        #expect(UInt256.max.subtracting(1)!.subtracting(.max) == nil)
        // Borrows ripple through every limb.
        #expect(Self.two64.subtracting(1) == UInt256(UInt64.max))
        #expect(Self.two192.subtracting(1) == UInt256(w0: .max, w1: .max, w2: .max, w3: 0))
        #expect(Self.two192.subtracting(Self.two192.adding(1)!) == nil)
        #expect(UInt256(w0: 0, w1: 0, w2: 0, w3: 1).subtracting(UInt256(w0: 0, w1: 0, w2: 0, w3: 2)) == nil)
        #expect(UInt256(w0: 5, w1: 0, w2: 0, w3: 1).subtracting(UInt256(w0: 6, w1: 0, w2: 0, w3: 0)) != nil)
    }

    @Test func multipliedOverflowsExactlyAtTheBoundary() {
        #expect(UInt256.max.multiplied(by: 1) == .max)
        #expect(UInt256.max.multiplied(by: 0) == 0)
        #expect(UInt256.max.multiplied(by: 2) == nil)
        #expect(Self.two255.multiplied(by: 2) == nil)
        #expect(Self.two255.subtracting(1)!.multiplied(by: 2) == UInt256.max.subtracting(1))
        // (2^64 − 1)^2 = 2^128 − 2^65 + 1: the carry crosses into the next limb.
        #expect(
            UInt256(UInt64.max).multiplied(by: .max)
                == UInt256(w0: 1, w1: UInt64.max - 1, w2: 0, w3: 0))
        // 10^77 fits, 10^78 does not (2^256 ≈ 1.16 × 10^77).
        var power = UInt256(1)
        for _ in 0..<77 { power = power.multiplied(by: 10)! }
        #expect(power.description == "1" + String(repeating: "0", count: 77))
        #expect(power.multiplied(by: 10) == nil)
        #expect(power.multiplied(by: 11) == nil)
        #expect(UInt256.max.quotientAndRemainder(dividingBy: 7).quotient.multiplied(by: 7) != nil)
        #expect(UInt256.max.quotientAndRemainder(dividingBy: 7).quotient.adding(1)!.multiplied(by: 7) == nil)
    }

    @Test func quotientAndRemainder() {
        let (q, r) = UInt256.max.quotientAndRemainder(dividingBy: 10)
        #expect(q.description == "11579208923731619542357098500868790785326998466564056403945758400791312963993")
        #expect(r == 5)
        let third = Self.two64.quotientAndRemainder(dividingBy: 3)
        #expect(third.quotient == UInt256(0x5555_5555_5555_5555))
        #expect(third.remainder == 1)
        let x = UInt256(decimal: "1606938044258990275541962092341162602522202993782792835313721")!
        let big = x.quotientAndRemainder(dividingBy: 1_000_000_007)
        #expect(big.quotient.description == "1606938033010424044468993781058206135114760047979472")
        #expect(big.remainder == 499_457_417)
        #expect(UInt256(0).quotientAndRemainder(dividingBy: 7).quotient == 0)
        #expect(UInt256(0).quotientAndRemainder(dividingBy: 7).remainder == 0)
        #expect(UInt256.max.quotientAndRemainder(dividingBy: 1).quotient == .max)
        #expect(UInt256.max.quotientAndRemainder(dividingBy: 1).remainder == 0)
        #expect(UInt256.max.quotientAndRemainder(dividingBy: .max).remainder == 0)
    }

    // MARK: bytes, order, JSON

    @Test func bigEndianBytes() {
        #expect(UInt256(1).bigEndianBytes == [UInt8](repeating: 0, count: 31) + [1])
        #expect(UInt256(0x0102).bigEndianBytes.suffix(2) == [1, 2])
        var two64 = [UInt8](repeating: 0, count: 32)
        two64[23] = 1
        #expect(Self.two64.bigEndianBytes == two64)
        #expect(Self.two255.bigEndianBytes == [0x80] + [UInt8](repeating: 0, count: 31))
        #expect(UInt256.max.bigEndianBytes == [UInt8](repeating: 0xFF, count: 32))
        #expect(UInt256(0).bigEndianBytes == [UInt8](repeating: 0, count: 32))
        // Shorter input is left-padded; more than 32 bytes is refused.
        #expect(UInt256(bigEndian: [1, 0]) == 256)
        #expect(UInt256(bigEndian: []) == 0)
        #expect(UInt256(bigEndian: [UInt8](repeating: 0, count: 33)) == nil)
        let bytes: [UInt8] = (1...32).map { UInt8($0) }
        #expect(UInt256(bigEndian: bytes)?.bigEndianBytes == bytes)
    }

    @Test func ordering() {
        let ascending: [UInt256] = [
            0, 1, UInt256(UInt64.max), Self.two64, Self.two64.adding(1)!, Self.two128, Self.two192,
            UInt256(w0: .max, w1: .max, w2: .max, w3: 0).adding(Self.two192)!, Self.two255, .max,
        ]
        for (a, b) in zip(ascending, ascending.dropFirst()) {
            #expect(a < b, "\(a) < \(b)")
            #expect(!(b < a))
            #expect(a != b)
        }
        #expect(ascending.reversed().sorted() == ascending)
        // The most significant limb decides.
        #expect(UInt256(w0: .max, w1: .max, w2: .max, w3: 0) < UInt256(w0: 0, w1: 0, w2: 0, w3: 1))
        #expect(!(UInt256.max < UInt256.max))
    }

    @Test func codableAsADecimalString() throws {
        struct Amounts: Codable, Equatable {
            let small: UInt256
            let large: UInt256
        }
        let value = Amounts(small: 42, large: .max)
        let json = try JSONEncoder().encode(value)
        let object = try JSONSerialization.jsonObject(with: json) as? [String: String]
        #expect(object == ["small": "42", "large": Self.cases.last!.decimal])
        #expect(try JSONDecoder().decode(Amounts.self, from: json) == value)
        // Hex quantities are accepted on input; numbers, negatives and 2^256 are not.
        let hex = try JSONDecoder().decode([UInt256].self, from: Data(#"["0x10", "16"]"#.utf8))
        #expect(hex == [16, 16])
        let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        for bad in ["[16]", #"["-1"]"#, #"["1.5"]"#, #"[""]"#, #"["0x"]"#, "[\"\(twoTo256)\"]"] {
            #expect(throws: DecodingError.self, "\(bad)") {
                try JSONDecoder().decode([UInt256].self, from: Data(bad.utf8))
            }
        }
    }
}
