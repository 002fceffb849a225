/// The one error type of HelioEthereum: why bytes or text from the Ethereum side were refused.
///
/// A struct with a stable `code` rather than an enum (like `CryptoError` and `LedgerError`), so new
/// failure kinds can be added without breaking callers that switch on the codes they know. The
/// JSON-RPC edge maps codes to its own error numbers; `message` is one precise line for humans
/// ("RLP list length runs past the end of input at byte 17").
public struct EthereumError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable failure code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// RLP that does not parse: truncated, trailing bytes, lengths past the end, nesting too deep.
        public static let malformedRLP = Code(rawValue: "malformed_rlp")
        /// RLP that parses but is not the one canonical encoding (a value has exactly one encoding,
        /// so a transaction hash cannot be changed by re-encoding it).
        public static let nonCanonicalRLP = Code(rawValue: "non_canonical_rlp")
        /// An RLP integer with leading zero bytes (0 must be the empty string).
        public static let nonCanonicalInteger = Code(rawValue: "non_canonical_integer")
        /// An integer too large for its field (a nonce above 2^64 − 1, a value above 2^256 − 1).
        public static let integerTooLarge = Code(rawValue: "integer_too_large")
        /// Well-formed RLP of the wrong shape for a transaction: field count, list where bytes are
        /// expected, an address that is not 20 bytes, a storage key that is not 32 bytes.
        public static let malformedTransaction = Code(rawValue: "malformed_transaction")
        /// An EIP-2718 type other than 0 (legacy), 1 (EIP-2930) and 2 (EIP-1559).
        public static let unsupportedType = Code(rawValue: "unsupported_type")
        /// A chain id other than the one this node serves (replay protection).
        public static let wrongChain = Code(rawValue: "wrong_chain")
        /// A legacy transaction with v = 27/28: no chain id, replayable on every chain. Refused like geth.
        public static let unprotected = Code(rawValue: "unprotected")
        /// s above n/2: the malleable twin of a valid signature (EIP-2).
        public static let highS = Code(rawValue: "high_s")
        /// r or s zero or not below n, a bad y parity / v, or no key recovers from the signature.
        public static let invalidSignature = Code(rawValue: "invalid_signature")
        /// ABI call data of the wrong length or with dirty padding.
        public static let malformedCalldata = Code(rawValue: "malformed_calldata")
        /// Call data whose 4-byte selector is not an ERC20 function.
        public static let unknownSelector = Code(rawValue: "unknown_selector")
        /// JSON-RPC quantity text that is not canonical hex ("0x", "0x01", "12", "0xg").
        public static let invalidQuantity = Code(rawValue: "invalid_quantity")
        /// JSON-RPC data text that is not 0x-prefixed, even-length hex (or not the expected length).
        public static let invalidData = Code(rawValue: "invalid_data")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
