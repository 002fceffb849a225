import HelioEthereum
import HelioLedger
import Testing

/// The examples of the RLP specification (ethereum.org / Yellow Paper appendix B), both directions,
/// and every non-canonical form refused with its code.
struct RLPTests {
    typealias Item = RLP.Item

    static let specExamples: [(String, Item, String)] = [
        ("dog", .bytes(Array("dog".utf8)), "83646f67"),
        ("[cat, dog]", .list([.bytes(Array("cat".utf8)), .bytes(Array("dog".utf8))]), "c88363617483646f67"),
        ("empty string", .bytes([]), "80"),
        ("empty list", .list([]), "c0"),
        ("integer 0", .uint(0 as UInt64), "80"),
        ("byte 0x00", .bytes([0x00]), "00"),
        ("byte 0x0f", .bytes([0x0f]), "0f"),
        ("integer 15", .uint(15 as UInt64), "0f"),
        ("integer 1024", .uint(1024 as UInt64), "820400"),
        ("byte 0x80", .bytes([0x80]), "8180"),
        (
            "set-theoretic three", .list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])]),
            "c7c0c1c0c3c0c1c0"
        ),
        (
            "Lorem ipsum (56 bytes, long form)",
            .bytes(Array("Lorem ipsum dolor sit amet, consectetur adipisicing elit".utf8)),
            "b838"
                + "4c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974"
        ),
        (
            "55 bytes (last short form)", .bytes([UInt8](repeating: 0xaa, count: 55)),
            "b7" + String(repeating: "aa", count: 55)
        ),
        ("1024 bytes", .bytes([UInt8](repeating: 0x01, count: 1024)), "b90400" + String(repeating: "01", count: 1024)),
    ]

    @Test(arguments: specExamples.indices)
    func specExample(_ i: Int) throws {
        let (name, item, hex) = Self.specExamples[i]
        #expect(RLP.encode(item) == bytes(hex), "\(name)")
        #expect(try RLP.decode(bytes(hex)) == item, "\(name)")
    }

    @Test func longList() throws {
        // 60 one-byte items: a list body of 60 bytes needs the long form f8 3c.
        let item = Item.list([Item](repeating: .bytes([0x01]), count: 60))
        let encoded = RLP.encode(item)
        #expect(Array(encoded.prefix(2)) == [0xf8, 60])
        #expect(try RLP.decode(encoded) == item)
    }

    @Test func integerEncodings() {
        #expect(RLP.encode(uint: 0 as UInt64) == [0x80])
        #expect(RLP.encode(uint: 127 as UInt64) == [0x7f])
        #expect(RLP.encode(uint: 128 as UInt64) == [0x81, 0x80])
        #expect(RLP.encode(uint: UInt64.max) == [0x88] + [UInt8](repeating: 0xff, count: 8))
        #expect(RLP.encode(uint: UInt256.max) == [0xa0] + [UInt8](repeating: 0xff, count: 32))
        #expect(RLP.encode(uint: UInt256(1024)) == bytes("820400"))
    }

    static let refusals: [(String, String, EthereumError.Code)] = [
        ("empty input", "", .malformedRLP),
        ("single byte with a header", "8105", .nonCanonicalRLP),
        ("0x00 with a header", "8100", .nonCanonicalRLP),
        ("long-form string below 56", "b803646f67", .nonCanonicalRLP),
        ("long-form string of 55", "b837" + String(repeating: "aa", count: 55), .nonCanonicalRLP),
        ("long-form list below 56", "f803c0c0c0", .nonCanonicalRLP),
        ("long-form length with a leading zero", "b90038" + String(repeating: "aa", count: 56), .nonCanonicalRLP),
        ("trailing byte", "83646f6700", .malformedRLP),
        ("two items", "8080", .malformedRLP),
        ("string past the end", "83646f", .malformedRLP),
        ("list past the end", "c883636174", .malformedRLP),
        ("long length past the end", "b9ffff", .malformedRLP),
        ("length of length past the end", "bb0102", .malformedRLP),
        ("8-byte length (overflow bait)", "bfffffffffffffffff", .malformedRLP),
        ("8-byte list length", "ffffffffffffffffff", .malformedRLP),
        ("item runs past its list", "c2830102", .malformedRLP),
        ("list item straddles list end", "c3c0c2c0c0", .malformedRLP),
        ("non-canonical inside a list", "c28105", .nonCanonicalRLP),
    ]

    @Test(arguments: refusals.indices)
    func nonCanonicalAndMalformedAreRefused(_ i: Int) {
        let (name, hex, expected) = Self.refusals[i]
        #expect(code { try RLP.decode(bytes(hex)) } == expected, "\(name)")
    }

    @Test func nestingDepthIsCapped() throws {
        func nested(_ depth: Int) -> Item { (0..<depth).reduce(Item.list([])) { inner, _ in .list([inner]) } }
        // nested(d) has d + 1 lists.
        #expect(try RLP.decode(RLP.encode(nested(RLP.maxDepth - 1))) == nested(RLP.maxDepth - 1))
        #expect(code { try RLP.decode(RLP.encode(nested(RLP.maxDepth))) } == .malformedRLP)
        // Ten thousand opening lists: refused, not a stack overflow.
        let deep = [UInt8](repeating: 0xc1, count: 10_000) + [0xc0]
        #expect(code { try RLP.decode(deep) } == .malformedRLP)
    }

    @Test func errorMessagesNameThePosition() {
        do {
            _ = try RLP.decode(bytes("c5c0c0c88363"))
            Issue.record("decoded a truncated list")
        } catch {
            #expect(error.message.contains("at byte 3"), "\(error.message)")
        }
    }

    @Test func integerReaders() throws {
        #expect(try Item.bytes([]).uint64() == 0)
        #expect(try Item.bytes([0x01, 0x00]).uint64() == 256)
        #expect(try Item.bytes([UInt8](repeating: 0xff, count: 8)).uint64() == .max)
        #expect(code { try Item.bytes([0x00]).uint64("nonce") } == .nonCanonicalInteger)
        #expect(code { try Item.bytes([0x00, 0x01]).uint256() } == .nonCanonicalInteger)
        #expect(code { try Item.bytes([0x01] + [UInt8](repeating: 0, count: 8)).uint64() } == .integerTooLarge)
        #expect(code { try Item.bytes([0x01] + [UInt8](repeating: 0, count: 32)).uint256() } == .integerTooLarge)
        #expect(try Item.bytes([UInt8](repeating: 0xff, count: 32)).uint256() == .max)
        #expect(code { try Item.list([]).uint64() } == .malformedTransaction)
    }

    @Test func addressReaders() throws {
        let twenty = [UInt8](repeating: 0x35, count: 20)
        #expect(try Item.bytes(twenty).address().rawValue == twenty)
        #expect(try Item.bytes([]).optionalAddress() == nil)
        #expect(try Item.bytes(twenty).optionalAddress()?.rawValue == twenty)
        #expect(code { try Item.bytes(Array(twenty.dropLast())).address() } == .malformedTransaction)
        #expect(code { try Item.bytes(twenty + [0]).optionalAddress() } == .malformedTransaction)
        #expect(code { try Item.bytes([]).address() } == .malformedTransaction)
        #expect(code { try Item.list([]).optionalAddress() } == .malformedTransaction)
    }
}
