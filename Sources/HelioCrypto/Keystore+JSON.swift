import Foundation

/// Reading and writing the JSON text of a v3 keystore.
///
/// Reading is lenient where real files differ (key names in any case — MyEtherWallet writes "Crypto";
/// hex with or without 0x; a checksummed or lowercase address; extra fields) and strict about
/// everything the cryptography depends on (lengths, KDF and cipher names, parameters).
/// Writing produces geth's exact layout, so files are interchangeable with geth's.
extension Keystore {
    public init(json: [UInt8]) throws(CryptoError) {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(json)) } catch {
            throw CryptoError(.invalidKeystore, "keystore is not valid JSON")
        }
        let root = try JSONFields(parsed, path: "keystore")
        let version = try root.integer("version")
        guard version == UInt64(Self.version) else {
            throw CryptoError(.invalidKeystore, "unsupported keystore version \(version) (only 3 is supported)")
        }
        let crypto = try root.object("crypto")
        let cipher = try crypto.string("cipher")
        guard cipher.lowercased() == Self.cipher else {
            throw CryptoError(.unsupportedCipher, "unsupported keystore cipher \"\(cipher)\" (only aes-128-ctr)")
        }
        let kdf = try Self.parseKDF(crypto)
        try kdf.validate()
        let address: Address?
        switch try root.optionalString("address") {
        case nil, "": address = nil
        case let text?:
            do { address = try Address(text) } catch {
                throw CryptoError(.invalidKeystore, "keystore address field is not an Ethereum address: \(text)")
            }
        }
        self.init(
            id: try root.string("id"), address: address, kdf: kdf,
            salt: try crypto.object("kdfparams").hex("salt", count: nil),
            iv: try crypto.object("cipherparams").hex("iv", count: Self.ivLength),
            ciphertext: try crypto.hex("ciphertext", count: Self.privateKeyLength),
            mac: try crypto.hex("mac", count: Self.macLength))
    }

    private static func parseKDF(_ crypto: JSONFields) throws(CryptoError) -> KDF {
        let name = try crypto.string("kdf")
        let params = try crypto.object("kdfparams")
        let kdf: KDF
        switch name.lowercased() {
        case "scrypt":
            kdf = .scrypt(n: try params.integer("n"), r: try params.uint32("r"), p: try params.uint32("p"))
        case "pbkdf2":
            let prf = try params.string("prf")
            guard prf.lowercased() == "hmac-sha256" else {
                throw CryptoError(.unsupportedKDF, "unsupported pbkdf2 prf \"\(prf)\" (only hmac-sha256)")
            }
            kdf = .pbkdf2(iterations: try params.uint32("c"))
        default:
            throw CryptoError(.unsupportedKDF, "unsupported keystore kdf \"\(name)\" (only scrypt and pbkdf2)")
        }
        let dklen = try params.integer("dklen")
        guard dklen == UInt64(KDF.derivedKeyLength) else {
            throw CryptoError(.unsupportedKDF, "unsupported \(kdf.name) dklen \(dklen) (only 32)")
        }
        return kdf
    }

    /// geth's layout: {"address", "crypto": {cipher, ciphertext, cipherparams, kdf, kdfparams, mac}, "id",
    /// "version"}, compact, lowercase hex without 0x. "address" is left out when the keystore has none.
    public func jsonData() -> [UInt8] {
        let kdfParams: String
        switch kdf {
        case let .scrypt(n, r, p):
            kdfParams = "{\"dklen\":32,\"n\":\(n),\"p\":\(p),\"r\":\(r),\"salt\":\"\(Hex.encode(salt))\"}"
        case let .pbkdf2(iterations):
            kdfParams = "{\"c\":\(iterations),\"dklen\":32,\"prf\":\"hmac-sha256\",\"salt\":\"\(Hex.encode(salt))\"}"
        }
        var text = "{"
        if let address { text += "\"address\":\"\(Hex.encode(address.rawValue))\"," }
        text += "\"crypto\":{\"cipher\":\"\(Self.cipher)\",\"ciphertext\":\"\(Hex.encode(ciphertext))\","
        text += "\"cipherparams\":{\"iv\":\"\(Hex.encode(iv))\"},\"kdf\":\"\(kdf.name)\",\"kdfparams\":\(kdfParams),"
        text += "\"mac\":\"\(Hex.encode(mac))\"},\"id\":\(Self.jsonString(id)),\"version\":\(Self.version)}"
        return Array(text.utf8)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
