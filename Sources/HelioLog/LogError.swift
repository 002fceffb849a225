/// The one error type of HelioLog.
///
/// A struct with a stable `code` rather than an enum (the same shape as HelioCrypto's `CryptoError`), so
/// new failure kinds can be added without breaking callers that switch on the codes they know. `message`
/// is a one-line, human-readable explanation naming the offending values (the CLI prints it as is).
public struct LogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable failure code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A leaf index at or beyond the tree size it was asked about.
        public static let indexOutOfRange = Code(rawValue: "index_out_of_range")
        /// A tree size larger than the number of leaves appended so far.
        public static let sizeBeyondTree = Code(rawValue: "size_beyond_tree")
        /// A consistency request whose old size exceeds its new size.
        public static let invalidSizes = Code(rawValue: "invalid_sizes")
        /// A hash that is not 32 bytes long.
        public static let invalidHash = Code(rawValue: "invalid_hash")
        /// Checkpoint text or JSON that does not follow docs/checkpoint-format.md exactly.
        public static let malformedCheckpoint = Code(rawValue: "malformed_checkpoint")
        /// An origin that is empty, not printable ASCII, or padded with spaces.
        public static let invalidOrigin = Code(rawValue: "invalid_origin")
        /// A checkpoint signature that does not parse or from which no signer recovers.
        public static let invalidSignature = Code(rawValue: "invalid_signature")
        /// A `MerkleNodeStore` threw; the message carries its error.
        public static let storeFailure = Code(rawValue: "store_failure")
        /// A `MerkleNodeStore` lacks a node it must hold, holds a malformed one, or was fed out of order.
        public static let storeInconsistent = Code(rawValue: "store_inconsistent")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
