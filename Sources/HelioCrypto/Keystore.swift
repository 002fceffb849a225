import COpenSSL

/// An Ethereum Keystore v3 file (Web3 Secret Storage): one private key encrypted under a password,
/// in the format geth, eth-account, MetaMask and Foundry's `cast wallet` read and write.
///
/// - The password is stretched by the KDF (scrypt or PBKDF2-HMAC-SHA256) into 32 bytes DK.
/// - AES-128-CTR with key DK[0..<16] encrypts the 32-byte private key.
/// - MAC = keccak256(DK[16..<32] ‖ ciphertext) tells a wrong password from a right one before any
///   decrypted bytes are used; it is compared in constant time.
///
/// A value is the parsed, checked file: `init(json:)` refuses anything malformed or unsupported, so
/// `decrypt` only has to do cryptography. Immutable, so it can be passed between tasks freely.
public struct Keystore: Sendable, Hashable {
    /// The only version this type reads and writes.
    public static let version = 3
    /// The only cipher Web3 Secret Storage defines for v3.
    public static let cipher = "aes-128-ctr"
    /// Fresh salt per file: 32 bytes, as geth writes.
    static let saltLength = 32
    static let ivLength = 16
    static let macLength = 32
    static let privateKeyLength = 32

    /// The file's id (a UUID v4 for files written here; kept as text from files read).
    public let id: String
    /// The address the file claims to hold; checked against the key on `decrypt`.
    public let address: Address?
    public let kdf: KDF
    let salt: [UInt8]
    let iv: [UInt8]
    let ciphertext: [UInt8]
    let mac: [UInt8]

    init(id: String, address: Address?, kdf: KDF, salt: [UInt8], iv: [UInt8], ciphertext: [UInt8], mac: [UInt8]) {
        self.id = id
        self.address = address
        self.kdf = kdf
        self.salt = salt
        self.iv = iv
        self.ciphertext = ciphertext
        self.mac = mac
    }

    /// Encrypts `privateKey` under `password` (its UTF-8 bytes, as geth and eth-keyfile use them) with a
    /// fresh random salt, IV and id.
    public static func encrypt(
        privateKey: Secp256k1.PrivateKey, password: String, kdf: KDF
    ) throws(CryptoError) -> Keystore {
        try kdf.validate()
        let salt = SecureRandom.bytes(saltLength)
        let iv = SecureRandom.bytes(ivLength)
        let dk = try kdf.deriveKey(password: Array(password.utf8), salt: salt)
        let ciphertext = try aes128CTR(key: Array(dk[0..<16]), iv: iv, privateKey.rawRepresentation)
        let mac = Keccak256.hash(Array(dk[16..<32]) + ciphertext)
        return Keystore(
            id: randomUUIDv4(), address: privateKey.address, kdf: kdf, salt: salt, iv: iv,
            ciphertext: ciphertext, mac: mac)
    }

    /// Decrypts the key. A wrong password (or a file changed since it was written) fails the MAC
    /// check with `.wrongPassword`; a key that does not match the file's `address` is `.invalidKeystore`.
    public func decrypt(password: String) throws(CryptoError) -> Secp256k1.PrivateKey {
        let dk = try kdf.deriveKey(password: Array(password.utf8), salt: salt)
        let expected = Keccak256.hash(Array(dk[16..<32]) + ciphertext)
        guard Digest.constantTimeEqual(expected, mac) else {
            throw CryptoError(.wrongPassword, "wrong password or corrupted keystore (MAC mismatch)")
        }
        let plain = try Self.aes128CTR(key: Array(dk[0..<16]), iv: iv, ciphertext)
        let key: Secp256k1.PrivateKey
        do { key = try Secp256k1.PrivateKey(rawRepresentation: plain) } catch {
            throw CryptoError(.invalidKeystore, "keystore decrypts to an invalid secp256k1 private key")
        }
        if let address, address != key.address {
            throw CryptoError(
                .invalidKeystore,
                "keystore address field \(address) does not match the decrypted key's address \(key.address)")
        }
        return key
    }

    static func aes128CTR(key: [UInt8], iv: [UInt8], _ input: [UInt8]) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: input.count)
        guard helio_aes128_ctr(key, iv, input, input.count, &out) == 1 else {
            throw CryptoError(.library, "OpenSSL AES-128-CTR failed")
        }
        return out
    }

    /// RFC 4122 version 4 UUID from the system CSPRNG, lowercase as geth writes it.
    static func randomUUIDv4() -> String {
        var b = SecureRandom.bytes(16)
        b[6] = b[6] & 0x0F | 0x40  // version 4
        b[8] = b[8] & 0x3F | 0x80  // RFC 4122 variant
        let hex = Hex.encode(b)
        let cut = [8, 12, 16, 20].map { hex.index(hex.startIndex, offsetBy: $0) }
        return [hex[..<cut[0]], hex[cut[0]..<cut[1]], hex[cut[1]..<cut[2]], hex[cut[2]..<cut[3]], hex[cut[3]...]]
            .joined(separator: "-")
    }
}
