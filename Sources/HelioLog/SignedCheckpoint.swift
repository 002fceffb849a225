import HelioCrypto

/// A checkpoint with the registry's secp256k1 signature over its EIP-191 digest.
///
/// Holding one proves nothing yet: `claimedSigner` is what the signature line says, and parsing does no
/// cryptography. Trust starts at `verify(expectedSigner:)`, which recovers the signer from the signature
/// and compares it with the key the verifier already trusts (the registry's published address) — never
/// with the key the checkpoint names for itself.
public struct SignedCheckpoint: Hashable, Sendable {
    public let checkpoint: Checkpoint
    /// The address named on the signature line: a claim, checked by `verify(expectedSigner:)`.
    public let claimedSigner: Address
    /// Recoverable secp256k1 signature over `checkpoint.signingDigest`.
    public let signature: Secp256k1.Signature

    public init(checkpoint: Checkpoint, claimedSigner: Address, signature: Secp256k1.Signature) {
        self.checkpoint = checkpoint
        self.claimedSigner = claimedSigner
        self.signature = signature
    }

    /// The address that made the signature, recovered from it (≈ 30 µs).
    /// - Throws: `LogError.invalidSignature` when no key recovers from the signature and digest.
    public func signer() throws(LogError) -> Address {
        do {
            return try signature.recoverAddress(digest: checkpoint.signingDigest)
        } catch {
            throw LogError(.invalidSignature, "no signer recovers from the checkpoint signature: \(error)")
        }
    }

    /// True when `expectedSigner` signed exactly this checkpoint and the signature line names it.
    public func verify(expectedSigner: Address) -> Bool {
        guard claimedSigner == expectedSigner, let recovered = try? signer() else { return false }
        return recovered == expectedSigner
    }
}
