/// A statement of the log's state: "the log `origin` had `treeSize` entries with root `rootHash` at
/// `timestamp`". Signed by the registry key, it is what inclusion and consistency proofs are checked
/// against, so an auditor holding two checkpoints can prove the log never rewrote its past.
///
/// Immutable and validated at construction (parse, don't validate): a `Checkpoint` value always has a
/// 32-byte root, a non-negative timestamp and an origin that fits on one line of printable ASCII, so its
/// canonical text (`Checkpoint+Text.swift`, docs/checkpoint-format.md) is always well-formed and is the
/// only byte string that is ever signed.
///
/// The canonical text, four lines each ending in "\n" (the C2SP tlog-checkpoint note body, with the time
/// as its one extension line):
///
///     <origin>
///     <tree size, decimal>
///     <root hash, standard base64 with padding>
///     <timestamp, unix seconds, decimal>
public struct Checkpoint: Hashable, Sendable {
    /// Names the log: registry name and chain id, e.g. "helio.example/registry chain 7317", so a
    /// checkpoint of one registry can never be replayed as another's.
    public let origin: String
    /// The number of entries (leaves) the root covers.
    public let treeSize: UInt64
    /// RFC 9162 MTH of the first `treeSize` entries, 32 bytes.
    public let rootHash: [UInt8]
    /// When the registry made the checkpoint, unix seconds. The log has no clock: the caller supplies it.
    public let timestamp: Int64

    /// Longest origin accepted: generous for a name and a chain id, small enough to refuse junk early.
    public static let maxOriginLength = 256

    /// - Throws: `LogError.invalidOrigin` for an empty, over-long, non-printable-ASCII or space-padded
    ///   origin; `.invalidHash` for a root that is not 32 bytes; `.malformedCheckpoint` for a negative
    ///   timestamp.
    public init(origin: String, treeSize: UInt64, rootHash: [UInt8], timestamp: Int64) throws(LogError) {
        try Self.checkOrigin(origin)
        try Merkle.checkHash(rootHash, "checkpoint root hash")
        guard timestamp >= 0 else {
            throw LogError(.malformedCheckpoint, "checkpoint timestamp must not be negative, got \(timestamp)")
        }
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.timestamp = timestamp
    }

    /// The origin convention of Helio: "<registry name> chain <chain id>".
    public static func origin(registry: String, chainID: UInt64) -> String {
        "\(registry) chain \(chainID)"
    }

    /// Printable ASCII only: the origin is signed as bytes, and ASCII has one encoding per string (Swift
    /// `String` equality is Unicode canonical equivalence, under which two different byte strings — thus
    /// two different signed messages — could compare equal).
    static func checkOrigin(_ origin: String) throws(LogError) {
        let bytes = origin.utf8
        guard !bytes.isEmpty, bytes.count <= maxOriginLength else {
            throw LogError(
                .invalidOrigin, "checkpoint origin must be 1 to \(maxOriginLength) bytes, got \(bytes.count)")
        }
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
            throw LogError(.invalidOrigin, "checkpoint origin must be printable ASCII: \(origin.debugDescription)")
        }
        guard bytes.first != 0x20, bytes.last != 0x20 else {
            throw LogError(.invalidOrigin, "checkpoint origin must not start or end with a space")
        }
    }
}
