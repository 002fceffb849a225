import COpenSSL

extension Keystore {
    /// The password-stretching function of a keystore and its cost parameters.
    ///
    /// Costs are bounded on both paths, writing and reading: a keystore file is untrusted input, and
    /// one naming scrypt N = 2^40 must fail at once rather than exhaust memory or pin a core for hours.
    /// The bounds sit far above every cost real tools write (geth standard scrypt uses 256 MiB).
    public enum KDF: Sendable, Hashable {
        case scrypt(n: UInt64, r: UInt32, p: UInt32)
        case pbkdf2(iterations: UInt32)

        /// geth's default (`StandardScryptN`, `StandardScryptP`): ≈ 0.6 s and 256 MiB on this class of machine.
        public static let standardScrypt = KDF.scrypt(n: 262_144, r: 8, p: 1)
        /// geth `--lightkdf` (`LightScryptN`, `LightScryptP`): for small devices and tests.
        public static let lightScrypt = KDF.scrypt(n: 4_096, r: 8, p: 6)
        /// eth-keyfile's default PBKDF2 work factor.
        public static let defaultPBKDF2 = KDF.pbkdf2(iterations: 1_000_000)

        /// Web3 Secret Storage v3 derives 32 bytes: 16 for AES-128, 16 for the MAC.
        public static let derivedKeyLength = 32
        /// scrypt memory (128·r·N bytes) allowed: 4× geth's standard setting.
        public static let maxScryptMemory: UInt64 = 1 << 30
        /// scrypt work (128·r·N·p bytes mixed) allowed: 64× geth's standard, about half a minute.
        public static let maxScryptWork: UInt64 = 1 << 34
        /// PBKDF2 iterations allowed: 100× eth-keyfile's default.
        public static let maxPBKDF2Iterations: UInt32 = 100_000_000

        /// The name written in the file's "kdf" field.
        public var name: String {
            switch self {
            case .scrypt: "scrypt"
            case .pbkdf2: "pbkdf2"
            }
        }

        /// Checks the parameters against RFC 7914 / RFC 8018 and the cost bounds above.
        func validate() throws(CryptoError) {
            switch self {
            case let .scrypt(n, r, p):
                guard n > 1, n & (n - 1) == 0 else {
                    throw CryptoError(.invalidKeystore, "scrypt n must be a power of two greater than 1, got \(n)")
                }
                guard r >= 1, p >= 1 else {
                    throw CryptoError(.invalidKeystore, "scrypt r and p must be at least 1, got r=\(r) p=\(p)")
                }
                // RFC 7914: N < 2^(128·r/8).
                if r < 4, n >= UInt64(1) << (16 * UInt64(r)) {
                    throw CryptoError(
                        .unsupportedKDF, "scrypt n=\(n) is too large for r=\(r) (RFC 7914: n < 2^(16·r))")
                }
                let (memory, o1) = (128 * UInt64(r)).multipliedReportingOverflow(by: n)
                guard !o1, memory <= Self.maxScryptMemory else {
                    throw CryptoError(
                        .unsupportedKDF, "scrypt n=\(n) r=\(r) needs more than \(Self.maxScryptMemory >> 20) MiB")
                }
                let (work, o2) = memory.multipliedReportingOverflow(by: UInt64(p))
                guard !o2, work <= Self.maxScryptWork else {
                    throw CryptoError(
                        .unsupportedKDF, "scrypt n=\(n) r=\(r) p=\(p) costs more than this library allows")
                }
            case let .pbkdf2(iterations):
                guard iterations >= 1 else {
                    throw CryptoError(.invalidKeystore, "pbkdf2 iteration count must be at least 1")
                }
                guard iterations <= Self.maxPBKDF2Iterations else {
                    throw CryptoError(
                        .unsupportedKDF, "pbkdf2 c=\(iterations) is above the limit of \(Self.maxPBKDF2Iterations)")
                }
            }
        }

        /// DK = KDF(password, salt), 32 bytes.
        func deriveKey(password: [UInt8], salt: [UInt8]) throws(CryptoError) -> [UInt8] {
            try validate()
            var out = [UInt8](repeating: 0, count: Self.derivedKeyLength)
            switch self {
            case let .scrypt(n, r, p):
                guard
                    helio_scrypt(password, password.count, salt, salt.count, n, UInt64(r), UInt64(p), &out, out.count)
                        == 1
                else {
                    throw CryptoError(.unsupportedKDF, "OpenSSL refused scrypt parameters n=\(n) r=\(r) p=\(p)")
                }
            case let .pbkdf2(iterations):
                guard helio_pbkdf2(password, password.count, salt, salt.count, iterations, 256, &out, out.count) == 1
                else {
                    throw CryptoError(.library, "OpenSSL PBKDF2-HMAC-SHA256 failed")
                }
            }
            return out
        }
    }
}
