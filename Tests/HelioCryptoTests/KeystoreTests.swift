import Foundation
import Testing

@testable import HelioCrypto

struct KeystoreTests {
    /// One row of Vectors/keystore/manifest.json: a file, a password, and either the key it opens to
    /// or the error code it must produce (at parse or at decrypt).
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let file: String
        let password: String
        let privateKey: String?
        let address: String?
        let error: String?
        let note: String
        var testDescription: String { "\(file): \(note)" }
    }
    struct Manifest: Decodable, Sendable {
        let cases: [Case]
    }

    static let cases = (try? VectorFile.load(Manifest.self, "keystore/manifest.json"))?.cases ?? []
    static let valid = cases.filter { $0.error == nil }
    static let invalid = cases.filter { $0.error != nil }

    /// Small costs keep the round-trip tests fast; the vectors cover real-world parameters.
    static let fastKDFs: [Keystore.KDF] = [
        .scrypt(n: 1024, r: 8, p: 1), .scrypt(n: 16, r: 1, p: 2), .pbkdf2(iterations: 1000),
    ]

    static func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: VectorFile.url("keystore/\(file)")))
    }

    @Test func manifestLoads() {
        #expect(Self.valid.count >= 6)
        #expect(Self.invalid.count >= 18)
    }

    @Test(arguments: valid)
    func decryptsValidVectors(_ vector: Case) throws {
        let keystore = try Keystore(json: Self.bytes(vector.file))
        let key = try keystore.decrypt(password: vector.password)
        #expect(Hex.encode(key.rawRepresentation) == vector.privateKey)
        #expect(key.address.checksummed == vector.address)
        // What we write back parses to the same keystore and still opens.
        let reread = try Keystore(json: keystore.jsonData())
        #expect(reread == keystore)
    }

    @Test(arguments: invalid)
    func refusesInvalidVectors(_ vector: Case) throws {
        let json = try Self.bytes(vector.file)
        do {
            let key = try Keystore(json: json).decrypt(password: vector.password)
            Issue.record("\(vector.file) opened to \(key.address)")
        } catch {
            #expect(error.code.rawValue == vector.error, "\(vector.file): \(error.message)")
        }
    }

    @Test func specVectorOpens() throws {
        let keystore = try Keystore(json: Self.bytes("spec-pbkdf2.json"))
        #expect(keystore.kdf == .pbkdf2(iterations: 262_144))
        #expect(keystore.address == nil)
        #expect(keystore.id == "3198bc9c-6672-5ab3-d995-4942343ae5b6")
        #expect(Hex.encode(keystore.mac) == "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2")
        let key = try keystore.decrypt(password: "testpassword")
        #expect(Hex.encode(key.rawRepresentation) == "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d")
        #expect(key.address == (try Address("0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b")))
    }

    @Test func wrongPasswordHasAPlainMessage() throws {
        let keystore = try Keystore(json: Self.bytes("scrypt-n1024.json"))
        do {
            _ = try keystore.decrypt(password: "Correct horse")
            Issue.record("opened with the wrong password")
        } catch {
            #expect(error == CryptoError(.wrongPassword, "wrong password or corrupted keystore (MAC mismatch)"))
        }
    }

    @Test(arguments: fastKDFs)
    func encryptThenDecryptRoundTrips(_ kdf: Keystore.KDF) throws {
        let key = Secp256k1.PrivateKey()
        let keystore = try Keystore.encrypt(privateKey: key, password: "hunter2 ✓", kdf: kdf)
        #expect(keystore.kdf == kdf)
        #expect(keystore.address == key.address)
        #expect(try keystore.decrypt(password: "hunter2 ✓") == key)
        #expect(throws: CryptoError(.wrongPassword, "wrong password or corrupted keystore (MAC mismatch)")) {
            try keystore.decrypt(password: "hunter2")
        }
        let reread = try Keystore(json: keystore.jsonData())
        #expect(reread == keystore)
        #expect(try reread.decrypt(password: "hunter2 ✓") == key)
    }

    @Test func encryptUsesFreshSaltIVAndID() throws {
        let key = Secp256k1.PrivateKey()
        let a = try Keystore.encrypt(privateKey: key, password: "p", kdf: .pbkdf2(iterations: 1))
        let b = try Keystore.encrypt(privateKey: key, password: "p", kdf: .pbkdf2(iterations: 1))
        #expect(a.salt != b.salt)
        #expect(a.iv != b.iv)
        #expect(a.id != b.id)
        #expect(a.ciphertext != b.ciphertext)
        #expect(a.salt.count == 32)
        let uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        #expect(a.id.wholeMatch(of: uuid) != nil, "\(a.id)")
    }

    @Test func jsonDataIsGethShaped() throws {
        let key = try Secp256k1.PrivateKey(hex: "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        let scrypt = try Keystore.encrypt(privateKey: key, password: "x", kdf: .scrypt(n: 1024, r: 8, p: 1))
        let text = String(decoding: scrypt.jsonData(), as: UTF8.self)
        let head = "{\"address\":\"f39fd6e51aad88f6f4ce6ab8827279cfffb92266\",\"crypto\":{\"cipher\":\"aes-128-ctr\","
        #expect(text.hasPrefix(head))
        #expect(text.hasSuffix("\"id\":\"\(scrypt.id)\",\"version\":3}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(scrypt.jsonData())) as? [String: Any])
        #expect(Set(object.keys) == ["address", "crypto", "id", "version"])
        let crypto = try #require(object["crypto"] as? [String: Any])
        #expect(Set(crypto.keys) == ["cipher", "ciphertext", "cipherparams", "kdf", "kdfparams", "mac"])
        #expect(crypto["kdf"] as? String == "scrypt")
        let params = try #require(crypto["kdfparams"] as? [String: Any])
        #expect(Set(params.keys) == ["dklen", "n", "p", "r", "salt"])
        #expect(params["dklen"] as? Int == 32)
        #expect(params["n"] as? Int == 1024)

        let pbkdf2 = try Keystore.encrypt(privateKey: key, password: "x", kdf: .pbkdf2(iterations: 5))
        let object2 = try #require(try JSONSerialization.jsonObject(with: Data(pbkdf2.jsonData())) as? [String: Any])
        let params2 = try #require((object2["crypto"] as? [String: Any])?["kdfparams"] as? [String: Any])
        #expect(Set(params2.keys) == ["c", "dklen", "prf", "salt"])
        #expect(params2["prf"] as? String == "hmac-sha256")
        #expect(params2["c"] as? Int == 5)
    }

    @Test func idIsEscapedWhenWrittenBack() throws {
        var json = String(decoding: try Self.bytes("scrypt-n1024.json"), as: UTF8.self)
        json = json.replacingOccurrences(
            of: "\"id\": \"0acdb5d6-1c8e-4ab5-9b3a-d28e4fc8f040\"", with: "\"id\": \"a\\\"b\\\\c\\u0001\"")
        let keystore = try Keystore(json: Array(json.utf8))
        #expect(keystore.id == "a\"b\\c\u{1}")
        #expect(try Keystore(json: keystore.jsonData()).id == keystore.id)
    }

    @Test func standardCostsAreGethAndEthKeyfileDefaults() {
        #expect(Keystore.KDF.standardScrypt == .scrypt(n: 262_144, r: 8, p: 1))
        #expect(Keystore.KDF.lightScrypt == .scrypt(n: 4_096, r: 8, p: 6))
        #expect(Keystore.KDF.defaultPBKDF2 == .pbkdf2(iterations: 1_000_000))
    }

    @Test(arguments: [
        (Keystore.KDF.scrypt(n: 1000, r: 8, p: 1), CryptoError.Code.invalidKeystore),
        (.scrypt(n: 1, r: 8, p: 1), .invalidKeystore),
        (.scrypt(n: 1024, r: 0, p: 1), .invalidKeystore),
        (.scrypt(n: 1024, r: 8, p: 0), .invalidKeystore),
        (.scrypt(n: 1 << 20, r: 16, p: 1), .unsupportedKDF),
        (.scrypt(n: 1 << 62, r: 8, p: 1), .unsupportedKDF),
        (.scrypt(n: 1 << 16, r: 1, p: 8), .unsupportedKDF),
        (.scrypt(n: 1 << 18, r: 8, p: 1000), .unsupportedKDF),
        (.pbkdf2(iterations: 0), .invalidKeystore),
        (.pbkdf2(iterations: UInt32.max), .unsupportedKDF),
    ])
    func refusesUnsafeOrInvalidCosts(_ kdf: Keystore.KDF, _ code: CryptoError.Code) {
        do {
            _ = try Keystore.encrypt(privateKey: Secp256k1.PrivateKey(), password: "x", kdf: kdf)
            Issue.record("encrypted with \(kdf)")
        } catch {
            #expect(error.code == code, "\(kdf): \(error.message)")
        }
    }

    @Test(arguments: ["", "[]", "null", "{", "\"keystore\"", "{\"version\": 3}", "{\"version\": \"3\"}"])
    func refusesNonKeystoreJSON(_ text: String) {
        do {
            _ = try Keystore(json: Array(text.utf8))
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.code == .invalidKeystore)
        }
    }
}
