import CSecp256k1

/// A BIP-32 extended key: a secp256k1 key plus the chain code that lets children be derived from it.
///
/// Immutable, like the keys it holds: deriving returns a new value, so a parent can be shared between
/// tasks while children are derived from it. A key with `privateKey == nil` is "neutered" (an xpub):
/// it can derive only non-hardened children, and only their public keys.
///
/// Elliptic-curve arithmetic is libsecp256k1's (`secp256k1_ec_seckey_tweak_add`,
/// `secp256k1_ec_pubkey_tweak_add`); HMAC-SHA512 and HASH160 are OpenSSL's.
public struct ExtendedKey: Sendable, Hashable {
    /// BIP-32's HMAC key for the master node: the same for every coin, Ethereum included.
    static let masterHMACKey: [UInt8] = Array("Bitcoin seed".utf8)
    /// BIP-32 accepts seeds of 128 to 512 bits; BIP-39 seeds are 512.
    public static let seedLengths = 16...64

    /// Levels below the master key (0 for the master).
    public let depth: UInt8
    /// First 4 bytes of the parent's HASH160 (all zero for the master).
    public let parentFingerprint: [UInt8]
    /// The index this key was derived with (≥ 2^31 when hardened; 0 for the master).
    public let childNumber: UInt32
    /// 32 bytes of extra entropy mixed into every child derivation.
    public let chainCode: [UInt8]
    public let privateKey: Secp256k1.PrivateKey?
    public let publicKey: Secp256k1.PublicKey

    init(
        depth: UInt8, parentFingerprint: [UInt8], childNumber: UInt32, chainCode: [UInt8],
        privateKey: Secp256k1.PrivateKey?, publicKey: Secp256k1.PublicKey
    ) {
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
        self.chainCode = chainCode
        self.privateKey = privateKey
        self.publicKey = publicKey
    }

    /// The master key of a seed (a BIP-39 seed, or any 16–64 random bytes).
    public static func master(seed: [UInt8]) throws(CryptoError) -> ExtendedKey {
        guard seedLengths.contains(seed.count) else {
            throw CryptoError(.invalidLength, "BIP-32 seed must be 16 to 64 bytes, got \(seed.count)")
        }
        let i = Digest.hmacSHA512(key: masterHMACKey, data: seed)
        let key: Secp256k1.PrivateKey
        do { key = try Secp256k1.PrivateKey(rawRepresentation: Array(i[0..<32])) } catch {
            // Probability below 2^-127; BIP-32 says to use another seed.
            throw CryptoError(.invalidExtendedKey, "seed gives an invalid master key; use another seed")
        }
        return ExtendedKey(
            depth: 0, parentFingerprint: [0, 0, 0, 0], childNumber: 0, chainCode: Array(i[32...]),
            privateKey: key, publicKey: key.publicKey)
    }

    /// The child at `index` (hardened when ≥ 2^31). Hardened children need the private key.
    public func child(_ index: UInt32) throws(CryptoError) -> ExtendedKey {
        let hardened = index >= DerivationPath.hardenedOffset
        guard depth < UInt8.max else {
            throw CryptoError(.invalidExtendedKey, "cannot derive below depth 255")
        }
        var data: [UInt8]
        if hardened {
            guard let privateKey else {
                throw CryptoError(
                    .invalidExtendedKey,
                    "cannot derive hardened child \(DerivationPath.format(index)) from a public extended key")
            }
            data = [0] + privateKey.rawRepresentation
        } else {
            data = publicKey.compressed
        }
        data += Self.ser32(index)
        let i = Digest.hmacSHA512(key: chainCode, data: data)
        let tweak = Array(i[0..<32])
        // BIP-32: if IL ≥ n or the result is zero/infinity (probability < 2^-127) the index is invalid
        // and the caller should move to the next one.
        let invalid = CryptoError(
            .invalidExtendedKey, "child \(DerivationPath.format(index)) is invalid; use the next index")
        let childPrivate: Secp256k1.PrivateKey?
        let childPublic: Secp256k1.PublicKey
        if let privateKey {
            var scalar = privateKey.rawRepresentation
            guard secp256k1_ec_seckey_tweak_add(Secp256k1.context.pointer, &scalar, tweak) == 1,
                let key = try? Secp256k1.PrivateKey(rawRepresentation: scalar)
            else { throw invalid }
            childPrivate = key
            childPublic = key.publicKey
        } else {
            var point = publicKey.raw
            guard secp256k1_ec_pubkey_tweak_add(Secp256k1.context.pointer, &point, tweak) == 1 else { throw invalid }
            childPrivate = nil
            childPublic = Secp256k1.PublicKey(raw: point)
        }
        return ExtendedKey(
            depth: depth + 1, parentFingerprint: fingerprint, childNumber: index, chainCode: Array(i[32...]),
            privateKey: childPrivate, publicKey: childPublic)
    }

    /// Follows `path` from this key (the path's "m" stands for `self`).
    public func derive(_ path: DerivationPath) throws(CryptoError) -> ExtendedKey {
        var key = self
        for index in path.components { key = try key.child(index) }
        return key
    }

    /// The same node without its private key (what an xpub carries).
    public var neutered: ExtendedKey {
        ExtendedKey(
            depth: depth, parentFingerprint: parentFingerprint, childNumber: childNumber, chainCode: chainCode,
            privateKey: nil, publicKey: publicKey)
    }

    /// First 4 bytes of HASH160(compressed public key): children name their parent with it.
    public var fingerprint: [UInt8] { Array(Digest.hash160(publicKey.compressed).prefix(4)) }

    /// BIP-32's ser32: a 32-bit integer as 4 big-endian bytes.
    static func ser32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32($0))) }
    }
}
