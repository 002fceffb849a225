import Foundation
import Testing

@testable import HelioCrypto

struct Secp256k1Tests {
    struct Valid: Decodable, Sendable {
        let private_key: String
        let address: String
        let public_key_uncompressed: String
        let message_hex: String
        let eip191_hash: String
        let signature: String
    }
    struct Invalid: Decodable, Sendable {
        let name: String
        let signature: String
        let error: String
    }
    struct File: Decodable, Sendable {
        let valid: [Valid]
        let invalid: [Invalid]
    }

    static let file = (try? VectorFile.load(File.self, "core/signatures.json")) ?? File(valid: [], invalid: [])

    @Test func vectorFileLoads() {
        #expect(Self.file.valid.count >= 5)
        #expect(Self.file.invalid.count >= 7)
    }

    @Test(arguments: file.valid)
    func signMatchesEthAccount(_ v: Valid) throws {
        let key = try Secp256k1.PrivateKey(hex: v.private_key)
        #expect(key.address.checksummed == v.address)
        #expect(Hex.encode(key.publicKey.uncompressed) == v.public_key_uncompressed)
        let digest = EIP191.hash(message: try Hex.decode(v.message_hex))
        #expect(Hex.encode(digest, prefixed: true) == v.eip191_hash.lowercased())
        let sig = try key.sign(digest: digest)
        #expect(sig.description == v.signature.lowercased())
        #expect(try sig.recoverAddress(digest: digest) == key.address)
        #expect(sig.isValid(digest: digest, publicKey: key.publicKey))
    }

    @Test(arguments: file.valid)
    func recoverAcceptsBothVForms(_ v: Valid) throws {
        let bytes = try Hex.decode(v.signature)
        let digest = try Hex.decode(v.eip191_hash)
        let expected = try Address(v.address)
        for form in [bytes, Array(bytes[0..<64]) + [bytes[64] - 27]] {
            #expect(try Secp256k1.Signature(bytes: form).recoverAddress(digest: digest) == expected)
        }
        // A different digest recovers someone else (or nothing).
        var other = digest
        other[0] ^= 0x80
        #expect((try? Secp256k1.Signature(bytes: bytes).recoverAddress(digest: other)) != expected)
    }

    @Test(arguments: file.invalid)
    func invalidSignaturesAreRefused(_ v: Invalid) {
        #expect {
            _ = try Secp256k1.Signature(hex: v.signature)
        } throws: { ($0 as? CryptoError)?.code.rawValue == v.error }
    }

    @Test func crossToolVector() throws {
        // Key 0x00…01 signing "test": identical in Foundry's cast and eth-account.
        let key = try Secp256k1.PrivateKey(hex: "0x" + String(repeating: "0", count: 63) + "1")
        let sig = try key.sign(digest: EIP191.hash(message: "test"))
        #expect(
            sig.description
                == "0xfe28833983d6faa0715c7e8c3873c725ddab6fa5bf84d40e780676e463e6bea20fc6aea97dc273a98eb26b0914e224c8dd5c615ceaab69ddddcf9b0ae3de0e371c"
        )
        #expect(
            Hex.encode(EIP191.hash(message: "hello"), prefixed: true)
                == "0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750")
    }

    @Test func privateKeyRange() {
        let zero = [UInt8](repeating: 0, count: 32)
        #expect(throws: CryptoError.self) { try Secp256k1.PrivateKey(rawRepresentation: zero) }
        #expect(throws: CryptoError.self) { try Secp256k1.PrivateKey(rawRepresentation: Secp256k1.order) }
        #expect(throws: CryptoError.self) { try Secp256k1.PrivateKey(rawRepresentation: [1, 2, 3]) }
        #expect(throws: CryptoError.self) { try Secp256k1.PrivateKey(hex: "zz") }
        var nMinus1 = Secp256k1.order
        nMinus1[31] -= 1
        #expect((try? Secp256k1.PrivateKey(rawRepresentation: nMinus1)) != nil)
    }

    @Test func randomKeysSignAndRecover() throws {
        for _ in 0..<20 {
            let key = Secp256k1.PrivateKey()
            let digest = SecureRandom.bytes(32)
            let sig = try key.sign(digest: digest)
            #expect(compareBigEndian(sig.s, Secp256k1.halfOrder) <= 0, "libsecp256k1 signs low-S")
            #expect(try sig.recoverAddress(digest: digest) == key.address)
            #expect(!sig.isValid(digest: digest, publicKey: Secp256k1.PrivateKey().publicKey))
        }
    }

    @Test func publicKeyForms() throws {
        let key = try Secp256k1.PrivateKey(hex: Self.file.valid[0].private_key)
        let pub = key.publicKey
        #expect(try Secp256k1.PublicKey(bytes: pub.compressed) == pub)
        #expect(try Secp256k1.PublicKey(bytes: pub.uncompressed) == pub)
        #expect(pub.compressed.count == 33 && pub.uncompressed.count == 65)
        var offCurve = pub.uncompressed
        offCurve[64] ^= 1
        #expect(throws: CryptoError.self) { try Secp256k1.PublicKey(bytes: offCurve) }
        #expect(throws: CryptoError.self) { try Secp256k1.PublicKey(bytes: Array(pub.compressed.dropLast())) }
        #expect(key.description == "PrivateKey(<redacted>)")
    }

    @Test func digestLengthIsChecked() throws {
        let key = Secp256k1.PrivateKey()
        #expect(throws: CryptoError.self) { try key.sign(digest: [1, 2, 3]) }
    }
}

extension Secp256k1Tests.Valid: CustomTestStringConvertible {
    var testDescription: String { "\(address) signs \(message_hex.prefix(16))" }
}
extension Secp256k1Tests.Invalid: CustomTestStringConvertible {
    var testDescription: String { name }
}
