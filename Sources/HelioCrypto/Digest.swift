import COpenSSL

/// Hash functions from OpenSSL libcrypto (SHA-256, RIPEMD-160, HMAC) and a constant-time compare.
public enum Digest {
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        precondition(helio_sha256(bytes, bytes.count, &out) == 1, "OpenSSL SHA-256 failed")
        return out
    }

    /// SHA3-256 (FIPS 202). Not Ethereum's hash; used as the speed reference for Keccak-256.
    public static func sha3_256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        precondition(helio_sha3_256(bytes, bytes.count, &out) == 1, "OpenSSL SHA3-256 failed")
        return out
    }

    public static func ripemd160(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        precondition(helio_ripemd160(bytes, bytes.count, &out) == 1, "OpenSSL RIPEMD-160 failed")
        return out
    }

    /// RIPEMD-160(SHA-256(x)): Bitcoin's and BIP-32's key identifier.
    public static func hash160(_ bytes: [UInt8]) -> [UInt8] { ripemd160(sha256(bytes)) }

    public static func hmacSHA512(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        precondition(helio_hmac_sha512(key, key.count, data, data.count, &out) == 1, "OpenSSL HMAC failed")
        return out
    }

    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        precondition(helio_hmac_sha256(key, key.count, data, data.count, &out) == 1, "OpenSSL HMAC failed")
        return out
    }

    /// Equal length and equal bytes, in time independent of where they differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return helio_ct_equal(a, b, a.count) == 1
    }
}
