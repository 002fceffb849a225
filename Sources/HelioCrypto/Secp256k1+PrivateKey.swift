import CSecp256k1

extension Secp256k1 {
    /// A secp256k1 secret scalar in [1, n−1]. Immutable: a key never changes once checked, so it can
    /// be shared between tasks freely. `description` never prints the secret.
    public struct PrivateKey: Sendable, Hashable, CustomStringConvertible {
        /// The 32 big-endian bytes of the scalar. Print it only where the user asked for it.
        public let rawRepresentation: [UInt8]

        /// A fresh key from the system CSPRNG (retries the ~2^-128 chance of an out-of-range draw).
        public init() {
            while true {
                let candidate = SecureRandom.bytes(32)
                if let key = try? PrivateKey(rawRepresentation: candidate) {
                    self = key
                    return
                }
            }
        }

        /// Checks length and range (0 < k < n).
        public init(rawRepresentation bytes: [UInt8]) throws(CryptoError) {
            guard bytes.count == 32 else {
                throw CryptoError(.invalidLength, "private key must be 32 bytes, got \(bytes.count)")
            }
            guard secp256k1_ec_seckey_verify(Secp256k1.context.pointer, bytes) == 1 else {
                throw CryptoError(.invalidPrivateKey, "private key is zero or not below the curve order")
            }
            rawRepresentation = bytes
        }

        /// Parses 64 hex digits, with or without 0x.
        public init(hex: String) throws(CryptoError) {
            try self.init(rawRepresentation: Hex.decode(hex, count: 32, what: "private key"))
        }

        public var publicKey: PublicKey {
            var pub = secp256k1_pubkey()
            // Cannot fail: the scalar was range-checked at construction.
            precondition(secp256k1_ec_pubkey_create(Secp256k1.context.pointer, &pub, rawRepresentation) == 1)
            return PublicKey(raw: pub)
        }

        public var address: Address { publicKey.address }

        /// Signs a 32-byte digest with an RFC 6979 deterministic nonce. libsecp256k1 always produces
        /// low-S signatures, as Ethereum requires.
        public func sign(digest: [UInt8]) throws(CryptoError) -> Signature {
            guard digest.count == 32 else {
                throw CryptoError(.invalidLength, "digest must be 32 bytes, got \(digest.count)")
            }
            var sig = secp256k1_ecdsa_recoverable_signature()
            guard
                secp256k1_ecdsa_sign_recoverable(
                    Secp256k1.context.pointer, &sig, digest, rawRepresentation, nil, nil) == 1
            else {
                throw CryptoError(.library, "libsecp256k1 could not sign")
            }
            var compact = [UInt8](repeating: 0, count: 64)
            var recid: Int32 = 0
            secp256k1_ecdsa_recoverable_signature_serialize_compact(
                Secp256k1.context.pointer, &compact, &recid, &sig)
            return Signature(checkedCompact: compact, recoveryId: UInt8(recid))
        }

        public var description: String { "PrivateKey(<redacted>)" }
    }
}
