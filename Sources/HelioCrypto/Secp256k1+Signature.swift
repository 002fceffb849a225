import CSecp256k1

extension Secp256k1 {
    /// A 65-byte recoverable ECDSA signature r ‖ s ‖ v.
    ///
    /// Validated on construction: r and s in [1, n−1], s ≤ n/2 (low-S, EIP-2), v ∈ {0, 1, 27, 28}.
    /// A value of this type is therefore always acceptable to Ethereum; the only way to hold a high-S
    /// signature is not to have one.
    public struct Signature: Sendable, Hashable, CustomStringConvertible {
        /// r ‖ s, 64 bytes big-endian.
        public let compact: [UInt8]
        /// 0 or 1: the parity of R's y coordinate.
        public let recoveryId: UInt8

        init(checkedCompact: [UInt8], recoveryId: UInt8) {
            self.compact = checkedCompact
            self.recoveryId = recoveryId
        }

        /// Parses 65 bytes r ‖ s ‖ v with v as 0/1 or 27/28.
        public init(bytes: [UInt8]) throws(CryptoError) {
            guard bytes.count == 65 else {
                throw CryptoError(.invalidLength, "signature must be 65 bytes, got \(bytes.count)")
            }
            let v = bytes[64]
            let recid: UInt8
            switch v {
            case 0, 1: recid = v
            case 27, 28: recid = v - 27
            default: throw CryptoError(.invalidRecoveryId, "signature v must be 0, 1, 27 or 28, got \(v)")
            }
            try self.init(r: Array(bytes[0..<32]), s: Array(bytes[32..<64]), recoveryId: recid)
        }

        public init(hex: String) throws(CryptoError) {
            try self.init(bytes: Hex.decode(hex, what: "signature"))
        }

        /// From separate r, s (32 bytes each) and a recovery id 0/1.
        public init(r: [UInt8], s: [UInt8], recoveryId: UInt8) throws(CryptoError) {
            guard r.count == 32, s.count == 32 else {
                throw CryptoError(.invalidLength, "signature r and s must be 32 bytes each")
            }
            guard recoveryId <= 1 else {
                throw CryptoError(.invalidRecoveryId, "recovery id must be 0 or 1, got \(recoveryId)")
            }
            let zero = [UInt8](repeating: 0, count: 32)
            guard r != zero, s != zero else {
                throw CryptoError(.invalidSignature, "signature r or s is zero")
            }
            guard compareBigEndian(r, Secp256k1.order) < 0, compareBigEndian(s, Secp256k1.order) < 0 else {
                throw CryptoError(.invalidSignature, "signature r or s is not below the curve order")
            }
            guard compareBigEndian(s, Secp256k1.halfOrder) <= 0 else {
                throw CryptoError(.highS, "signature s is above n/2 (high-S, refused by EIP-2)")
            }
            self.init(checkedCompact: r + s, recoveryId: recoveryId)
        }

        public var r: [UInt8] { Array(compact[0..<32]) }
        public var s: [UInt8] { Array(compact[32..<64]) }

        /// r ‖ s ‖ v with v = 27/28, as eth-account, geth's personal_sign and cast print it.
        public var bytes: [UInt8] { compact + [recoveryId + 27] }

        /// r ‖ s ‖ v with v = 0/1 (the "raw" form of go-ethereum's crypto.Sign).
        public var rawBytes: [UInt8] { compact + [recoveryId] }

        public var description: String { Hex.encode(bytes, prefixed: true) }

        /// Recovers the public key that made this signature over `digest`.
        public func recoverPublicKey(digest: [UInt8]) throws(CryptoError) -> PublicKey {
            guard digest.count == 32 else {
                throw CryptoError(.invalidLength, "digest must be 32 bytes, got \(digest.count)")
            }
            let ctx = Secp256k1.context.pointer
            var sig = secp256k1_ecdsa_recoverable_signature()
            guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, compact, Int32(recoveryId)) == 1
            else {
                throw CryptoError(.invalidSignature, "signature does not parse")
            }
            var pub = secp256k1_pubkey()
            guard secp256k1_ecdsa_recover(ctx, &pub, &sig, digest) == 1 else {
                throw CryptoError(.recoveryFailed, "no public key recovers from this signature and digest")
            }
            return PublicKey(raw: pub)
        }

        /// Recovers the signer's address.
        public func recoverAddress(digest: [UInt8]) throws(CryptoError) -> Address {
            try recoverPublicKey(digest: digest).address
        }

        /// True when `publicKey` made this signature over `digest` (plain ECDSA verification; v is
        /// not needed for it).
        public func isValid(digest: [UInt8], publicKey: PublicKey) -> Bool {
            guard digest.count == 32 else { return false }
            let ctx = Secp256k1.context.pointer
            var sig = secp256k1_ecdsa_signature()
            guard secp256k1_ecdsa_signature_parse_compact(ctx, &sig, compact) == 1 else { return false }
            var pub = publicKey.raw
            return secp256k1_ecdsa_verify(ctx, &sig, digest, &pub) == 1
        }

        /// True when the signer of `digest` is `address`.
        public func isValid(digest: [UInt8], address: Address) -> Bool {
            (try? recoverAddress(digest: digest)) == address
        }
    }
}

extension secp256k1_pubkey: @retroactive @unchecked Sendable {}
