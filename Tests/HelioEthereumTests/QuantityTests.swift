import HelioEthereum
import HelioLedger
import Testing

/// JSON-RPC quantity and data text: canonical out, strict in.
struct QuantityTests {
    @Test func canonicalEncodings() {
        #expect(EthQuantity.encode(0 as UInt64) == "0x0")
        #expect(EthQuantity.encode(26 as UInt64) == "0x1a")
        #expect(EthQuantity.encode(UInt64.max) == "0xffffffffffffffff")
        #expect(EthQuantity.encode(UInt256.zero) == "0x0")
        #expect(EthQuantity.encode(UInt256(1024)) == "0x400")
        #expect(EthQuantity.encode(UInt256.max) == "0x" + String(repeating: "f", count: 64))
        #expect(EthData.encode([]) == "0x")
        #expect(EthData.encode([0x00, 0xab, 0xff]) == "0x00abff")
    }

    @Test func decodesCanonicalQuantities() throws {
        #expect(try EthQuantity.decode("0x0") == 0)
        #expect(try EthQuantity.decode("0x1a") == 26)
        #expect(try EthQuantity.decode("0x1A") == 26)
        #expect(try EthQuantity.decode("0xffffffffffffffff") == .max)
        #expect(try EthQuantity.decodeUInt256("0x400") == UInt256(1024))
        #expect(try EthQuantity.decodeUInt256("0x" + String(repeating: "f", count: 64)) == .max)
        for value: UInt64 in [0, 1, 15, 16, 255, 256, 1 << 40, .max] {
            #expect(try EthQuantity.decode(EthQuantity.encode(value)) == value)
        }
    }

    @Test(arguments: [
        "0x", "0x01", "0x00", "12", "0xg", "", "0X1", "x1", "0x-1", " 0x1", "0x1 ", "0x10000000000000000", "0x１",
    ])
    func refusesNonCanonicalQuantities(_ text: String) {
        #expect(code { try EthQuantity.decode(text) } == .invalidQuantity)
    }

    @Test func refusesOversizedUInt256() {
        #expect(code { try EthQuantity.decodeUInt256("0x1" + String(repeating: "0", count: 64)) } == .invalidQuantity)
        #expect(code { try EthQuantity.decodeUInt256("0x01") } == .invalidQuantity)
    }

    @Test func data() throws {
        #expect(try EthData.decode("0x") == [])
        #expect(try EthData.decode("0x00AbfF") == [0x00, 0xab, 0xff])
        #expect(try EthData.decode("0x" + String(repeating: "11", count: 32), count: 32).count == 32)
        for bad in ["", "00", "0x0", "0xzz", "0X00", "0x0g"] {
            #expect(code { try EthData.decode(bad) } == .invalidData, "\(bad)")
        }
        #expect(code { try EthData.decode("0x1122", count: 3) } == .invalidData)
    }

    /// Random text over the characters that matter: thrown errors only; what decodes re-encodes exactly.
    @Test func randomTextNeverCrashes() {
        var rng = SeededRandom(seed: 41)
        let alphabet = Array("0x0123456789abcdefABCDEFgX- ")
        for _ in 0..<5000 {
            let text = String(
                (0..<Int.random(in: 0..<20, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            if let value = try? EthQuantity.decode(text) { #expect(EthQuantity.encode(value) == text.lowercased()) }
            if let data = try? EthData.decode(text) { #expect(EthData.encode(data) == text.lowercased()) }
        }
    }
}
