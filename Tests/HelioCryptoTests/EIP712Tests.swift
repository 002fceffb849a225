import Foundation
import Testing

@testable import HelioCrypto

/// EIP-712 typed data against the EIP's own example and against eth-account 0.14 (Vectors/eip712/README.md).
struct EIP712Tests {
    struct Valid: Decodable, Sendable, CustomTestStringConvertible {
        let name, file, why: String
        let primary_type, encode_type, type_hash: String
        let domain_separator, message_hash, digest: String
        let private_key, signature, signer: String
        var testDescription: String { name }
    }
    struct Invalid: Decodable, Sendable, CustomTestStringConvertible {
        let name, file, why, error_contains, eth_account: String
        var testDescription: String { name }
    }
    struct Manifest: Decodable, Sendable {
        let valid: [Valid]
        let invalid: [Invalid]
    }

    static let manifest =
        (try? VectorFile.load(Manifest.self, "eip712/vectors.json")) ?? Manifest(valid: [], invalid: [])

    static func document(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: VectorFile.url("eip712/\(file)")))
    }

    static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes, prefixed: true) }

    // MARK: - The EIP's example

    @Test func etherMailSpecVector() throws {
        let data = try TypedData(json: Self.document("ether-mail.json"))
        #expect(data.primaryType == "Mail")
        let encoded = "Mail(Person from,Person to,string contents)Person(string name,address wallet)"
        #expect(try data.encodeType("Mail") == encoded)
        #expect(
            Self.hex(Keccak256.hash(Array(try data.encodeType("Mail").utf8)))
                == "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2")
        #expect(
            Self.hex(try data.domainSeparator())
                == "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f")
        #expect(
            Self.hex(try data.hashStruct("Mail", data.message))
                == "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e")
        let digest = try data.signingDigest()
        #expect(Self.hex(digest) == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")

        let key = try Secp256k1.PrivateKey(rawRepresentation: Keccak256.hash(Array("cow".utf8)))
        let signature = try key.sign(digest: digest)
        #expect(signature.bytes[64] == 28)
        #expect(Self.hex(signature.r) == "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d")
        #expect(Self.hex(signature.s) == "0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562")
        #expect(
            try signature.recoverAddress(digest: digest).checksummed == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")
    }

    @Test func etherMailBuiltFromParts() throws {
        let person = [TypedData.Field(name: "name", type: "string"), .init(name: "wallet", type: "address")]
        let mail: [TypedData.Field] = [
            .init(name: "from", type: "Person"), .init(name: "to", type: "Person"),
            .init(name: "contents", type: "string"),
        ]
        let domain: JSONValue = [
            "chainId": 1, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
            "version": "1", "name": "Ether Mail",
        ]
        let message: JSONValue = [
            "from": ["name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"],
            "to": ["name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"],
            "contents": "Hello, Bob!",
        ]
        // No EIP712Domain given: derived from the domain's keys, in canonical order.
        let data = try TypedData(
            types: ["Person": person, "Mail": mail], primaryType: "Mail", domain: domain, message: message)
        #expect(
            Self.hex(try data.signingDigest())
                == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
        #expect(data.types["EIP712Domain"]?.map(\.name) == ["name", "version", "chainId", "verifyingContract"])
        #expect(
            try data.encodeType("EIP712Domain")
                == "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
        #expect(try data.hashStruct("EIP712Domain", domain) == data.domainSeparator())

        #expect(throws: CryptoError.self) {
            try TypedData(
                types: ["Person": person, "Mail": mail], primaryType: "Person", domain: domain,
                message: message)
        }
        #expect(throws: CryptoError.self) { try data.encodeType("Persn") }
        #expect(throws: CryptoError.self) { try data.hashStruct("Persn", message) }
        #expect(throws: CryptoError.self) { try data.hashStruct("Person", ["name": "Cow"]) }
    }

    @Test func tamperedMessageNoLongerRecoversTheSigner() throws {
        var text = String(decoding: try Self.document("ether-mail.json"), as: UTF8.self)
        let original = try TypedData(json: Array(text.utf8))
        let key = try Secp256k1.PrivateKey(rawRepresentation: Keccak256.hash(Array("cow".utf8)))
        let signature = try key.sign(digest: original.signingDigest())
        text = text.replacingOccurrences(of: "Hello, Bob!", with: "Hello, Bob?")
        let tampered = try TypedData(json: Array(text.utf8))
        #expect(try tampered.signingDigest() != original.signingDigest())
        #expect(!signature.isValid(digest: try tampered.signingDigest(), address: key.address))
    }

    // MARK: - Generated vectors (eth-account 0.14)

    @Test func vectorFileLoads() {
        #expect(Self.manifest.valid.count >= 9)
        let required = ["missing-field", "unknown-type", "uint8-256", "bad-address-checksum", "odd-hex-bytes"]
        for name in required { #expect(Self.manifest.invalid.contains { $0.name == name }, "\(name)") }
    }

    @Test(arguments: manifest.valid)
    func validVectorMatchesEthAccount(_ v: Valid) throws {
        let data = try TypedData(json: Self.document(v.file))
        #expect(data.primaryType == v.primary_type)
        #expect(try data.encodeType(v.primary_type) == v.encode_type)
        #expect(Self.hex(Keccak256.hash(Array(try data.encodeType(v.primary_type).utf8))) == v.type_hash)
        #expect(Self.hex(try data.domainSeparator()) == v.domain_separator)
        #expect(Self.hex(try data.hashStruct(v.primary_type, data.message)) == v.message_hash)
        let digest = try data.signingDigest()
        #expect(Self.hex(digest) == v.digest)

        let key = try Secp256k1.PrivateKey(hex: v.private_key)
        let signature = try key.sign(digest: digest)
        #expect(Self.hex(signature.bytes) == v.signature.lowercased())
        #expect(try Secp256k1.Signature(hex: v.signature).recoverAddress(digest: digest) == Address(v.signer))
    }

    @Test(arguments: manifest.invalid)
    func invalidVectorIsRefused(_ v: Invalid) throws {
        let json = try Self.document(v.file)
        let error = #expect(throws: CryptoError.self) { try TypedData(json: json).signingDigest() }
        #expect(error?.code == .invalidTypedData)
        #expect(error?.message.contains(v.error_contains) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\n") == false)
    }

    // MARK: - Hand-made cases

    static func typedData(
        _ fields: String, _ message: String, domain: String = #"{"chainId": 1}"#
    ) throws
        -> TypedData
    {
        let json = #"{"types": {"T": [\#(fields)]}, "domain": \#(domain), "message": \#(message)}"#
        return try TypedData(json: Array(json.utf8))
    }

    @Test func integersAsNumbersAndStringsHashAlike() throws {
        let field = #"{"name": "v", "type": "uint256"}"#
        let reference = try Self.typedData(field, #"{"v": 31}"#).signingDigest()
        for form in [#""31""#, #""0x1f""#, #""0x001F""#, #""+31""#, #""0031""#] {
            #expect(try Self.typedData(field, #"{"v": \#(form)}"#).signingDigest() == reference, "\(form)")
        }
        for bad in [#""0X1F""#, #""0x""#, #"" 31""#, #""3_1""#, "31.0", "3.1e1", "true", #""-0x1f""#] {
            #expect(throws: CryptoError.self, "\(bad)") { try Self.typedData(field, #"{"v": \#(bad)}"#) }
        }
    }

    @Test func signedIntegerEdges() throws {
        let int8 = #"{"name": "v", "type": "int8"}"#
        for ok in ["-128", "127", "0", "-0", #""-128""#] {
            #expect(throws: Never.self, "\(ok)") { try Self.typedData(int8, #"{"v": \#(ok)}"#) }
        }
        for bad in ["-129", "128", #""0x80""#] {
            #expect(throws: CryptoError.self, "\(bad)") { try Self.typedData(int8, #"{"v": \#(bad)}"#) }
        }
        let max = "0x" + String(repeating: "f", count: 64)
        #expect(throws: CryptoError.self) {  // 2^256−1 does not fit in int256
            try Self.typedData(#"{"name": "v", "type": "int256"}"#, #"{"v": "\#(max)"}"#)
        }
        // Two's complement over the whole word, whatever the width.
        #expect(try EIP712Atomic.word(.int(bits: 8), -1) == [UInt8](repeating: 0xFF, count: 32))
        #expect(try EIP712Atomic.word(.int(bits: 8), -128) == [UInt8](repeating: 0xFF, count: 31) + [0x80])
        #expect(try EIP712Atomic.word(.int(bits: 16), "-256") == [UInt8](repeating: 0xFF, count: 31) + [0x00])
        #expect(try EIP712Atomic.word(.uint(bits: 16), "0x0102") == [UInt8](repeating: 0, count: 30) + [1, 2])
        #expect(try EIP712Atomic.word(.fixedBytes(4), "0xabcd") == [0xAB, 0xCD] + [UInt8](repeating: 0, count: 30))
        #expect(try EIP712Atomic.word(.bool, "False") == [UInt8](repeating: 0, count: 32))
        #expect(try EIP712Atomic.word(.bool, .number("1e-400")) == [UInt8](repeating: 0, count: 32))
        #expect(try EIP712Atomic.word(.bool, .number("0.5")) == [UInt8](repeating: 0, count: 31) + [1])
    }

    @Test func missingValues() throws {
        // A missing struct is 32 zero bytes (eth-account, MetaMask V4); a missing atomic value is an error.
        let node = #"{"types": {"Node": [{"name": "v", "type": "uint8"}, {"name": "next", "type": "Node"}]},"#
        let absent = try TypedData(json: Array((node + #""domain": {}, "message": {"v": 1}}"#).utf8))
        let null = try TypedData(json: Array((node + #""domain": {}, "message": {"v": 1, "next": null}}"#).utf8))
        #expect(try absent.signingDigest() == null.signingDigest())
        for type in ["uint8", "address", "bool", "bytes32", "string", "bytes", "uint8[]"] {
            #expect(throws: CryptoError.self, "\(type)") {
                try Self.typedData(#"{"name": "v", "type": "\#(type)"}"#, #"{"v": null}"#)
            }
        }
    }

    @Test func schemaErrorsNameTheProblem() throws {
        let cases: [(String, String)] = [
            (#"{"types": {"T": []}, "domain": {}}"#, "`message` is missing"),
            (#"{"types": {"T": [{"name": "a b", "type": "uint8"}]}, "domain": {}, "message": {}}"#, "a b"),
            (#"{"types": {"T": [{"name": "a", "type": "uint8[x]"}]}, "domain": {}, "message": {}}"#, "uint8[x]"),
            (
                #"{"types": {"T": [{"name": "a", "type": "uint8"}, {"name": "a", "type": "bool"}]}, "domain": {}, "#
                    + #""message": {}}"#, "twice"
            ),
            (#"{"types": {"uint8": []}, "domain": {}, "message": {}}"#, "atomic"),
            (#"{"types": {"EIP712Domain": []}, "domain": {}, "message": {}}"#, "no message type"),
            (#"{"types": {"T": []}, "domain": [], "message": {}}"#, "`domain` must be an object"),
            (#"{"types": {"T": []}, "primaryType": 1, "domain": {}, "message": {}}"#, "primaryType"),
            (#"{"types": {"T": []}, "domain": {}, "message": {}"#, "not valid JSON"),
            (#"{"types": {"T": [{"name": "a", "type": "uint8"}]}, "domain": {}, "message": []}"#, "object"),
        ]
        for (json, needle) in cases {
            let error = #expect(throws: CryptoError.self, "\(json)") { try TypedData(json: Array(json.utf8)) }
            #expect(error?.code == .invalidTypedData)
            #expect(error?.message.contains(needle) == true, "\(error?.message ?? "") lacks \(needle)")
        }
    }

    // MARK: - JSONValue

    @Test func jsonKeepsBigIntegersAndOrder() throws {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        let value = try JSONValue(parsing: Array(#"{"b": \#(max), "a": [1.5e3, -0, true, null], "b": "x"}"#.utf8))
        // A repeated key keeps its first position and its last value, as Python's json does.
        #expect(value == .object([.init("b", "x"), .init("a", [.number("1.5e3"), .number("-0"), true, nil])]))
        #expect(value["b"] == "x")
        #expect(try JSONValue(parsing: Array("[\(max)]".utf8)) == .array([.number(max)]))
        #expect(value.description == #"{"b":"x","a":[1.5e3,-0,true,null]}"#)
    }

    @Test func jsonStringsDecodeEscapesExactly() throws {
        let value = try JSONValue(parsing: Array(#"["\u00e9\ud83c\udf1e\n\"\\\/", "e\u0301", "\u212a"]"#.utf8))
        #expect(value == ["é🌞\n\"\\/", "e\u{301}", "\u{212A}"])
        // Keys compare by scalars, not canonical equivalence: the Kelvin sign is not "K".
        let object = try JSONValue(parsing: Array(#"{"\u212a": 1}"#.utf8))
        #expect(object["K"] == nil)
        #expect(object["\u{212A}"] == 1)
    }

    @Test func jsonRefusesWhatRFC8259Refuses() {
        let bad = [
            "", "NaN", "[Infinity]", "[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[-]", "{a: 1}", "'x'",
            "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\u{01}\"]", "[\"\\x\"]", "[1] [2]",
            "[" + String(repeating: "1", count: 4301) + "]",
            String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
        ]
        for text in bad {
            #expect(throws: CryptoError.self, "\(text.prefix(20))") { try JSONValue(parsing: Array(text.utf8)) }
        }
        #expect(throws: CryptoError.self) { try JSONValue(parsing: [0x22, 0xFF, 0x22]) }  // not UTF-8
        #expect(throws: Never.self) {
            let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
            return try JSONValue(parsing: Array(deepest.utf8))
        }
        let longest = "[-" + String(repeating: "9", count: 4300) + "]"
        #expect(throws: Never.self) { try JSONValue(parsing: Array(longest.utf8)) }
    }
}
