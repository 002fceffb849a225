import HelioCrypto

/// A witness's statement "I verified the log up to this checkpoint": its secp256k1 signature over the
/// checkpoint's body, prefixed so that it can never be taken for the registry's own checkpoint signature
/// (or the other way round), and timed by the witness.
///
/// Signed message (EIP-191 personal message, like the checkpoint itself, so any Ethereum tool checks it):
///
///     helio-cosignature/v1
///     time <unix seconds, decimal>
///     <the checkpoint body: origin, tree size, root, timestamp — four lines, each ending in LF>
///
/// A verifier that wants k independent witnesses keeps their addresses and counts the co-signatures of
/// a checkpoint that recover to distinct addresses in that set (`Cosignature.count`).
public struct Cosignature: Hashable, Sendable {
    public let treeSize: UInt64
    public let witness: Address
    public let timestamp: Int64
    public let signature: Secp256k1.Signature

    public init(treeSize: UInt64, witness: Address, timestamp: Int64, signature: Secp256k1.Signature) {
        self.treeSize = treeSize
        self.witness = witness
        self.timestamp = timestamp
        self.signature = signature
    }

    public static let header = "helio-cosignature/v1"

    /// The exact text signed for `checkpoint` at `timestamp`.
    public static func message(_ checkpoint: Checkpoint, timestamp: Int64) -> String {
        "\(header)\ntime \(timestamp)\n\(checkpoint.text)"
    }

    /// Co-signs `checkpoint` with the witness key.
    public static func sign(_ checkpoint: Checkpoint, key: Secp256k1.PrivateKey, timestamp: Int64) -> Cosignature {
        let digest = EIP191.hash(message: message(checkpoint, timestamp: timestamp))
        do {
            return Cosignature(
                treeSize: checkpoint.treeSize, witness: key.address, timestamp: timestamp,
                signature: try key.sign(digest: digest))
        } catch {
            preconditionFailure("secp256k1 signing of a 32-byte digest failed: \(error)")
        }
    }

    /// True when `witness` signed exactly `checkpoint` (same tree size, same body) at `timestamp`.
    public func verifies(_ checkpoint: Checkpoint) -> Bool {
        guard checkpoint.treeSize == treeSize, timestamp >= 0 else { return false }
        let digest = EIP191.hash(message: Self.message(checkpoint, timestamp: timestamp))
        return (try? signature.recoverAddress(digest: digest)) == witness
    }

    /// How many distinct witnesses of `trusted` validly co-signed `checkpoint`.
    public static func count(_ cosignatures: [Cosignature], of checkpoint: Checkpoint, trusted: Set<Address>) -> Int {
        Set(cosignatures.filter { trusted.contains($0.witness) && $0.verifies(checkpoint) }.map(\.witness)).count
    }
}
