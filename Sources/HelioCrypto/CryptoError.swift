/// The one error type of HelioCrypto.
///
/// A struct with a stable `code` rather than an enum, so new failure kinds can be added without
/// breaking callers that switch on codes they know. `message` is a one-line, human-readable
/// explanation naming the problem (the CLI prints it as is).
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable failure code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidHex = Code(rawValue: "invalid_hex")
        public static let invalidLength = Code(rawValue: "invalid_length")
        public static let invalidPrivateKey = Code(rawValue: "invalid_private_key")
        public static let invalidPublicKey = Code(rawValue: "invalid_public_key")
        public static let invalidSignature = Code(rawValue: "invalid_signature")
        public static let highS = Code(rawValue: "high_s_signature")
        public static let invalidRecoveryId = Code(rawValue: "invalid_recovery_id")
        public static let recoveryFailed = Code(rawValue: "recovery_failed")
        public static let invalidAddress = Code(rawValue: "invalid_address")
        public static let badChecksum = Code(rawValue: "bad_checksum")
        public static let invalidTypedData = Code(rawValue: "invalid_typed_data")
        public static let invalidKeystore = Code(rawValue: "invalid_keystore")
        public static let unsupportedKDF = Code(rawValue: "unsupported_kdf")
        public static let unsupportedCipher = Code(rawValue: "unsupported_cipher")
        public static let wrongPassword = Code(rawValue: "wrong_password")
        public static let invalidMnemonic = Code(rawValue: "invalid_mnemonic")
        public static let invalidDerivationPath = Code(rawValue: "invalid_derivation_path")
        public static let invalidExtendedKey = Code(rawValue: "invalid_extended_key")
        public static let io = Code(rawValue: "io_error")
        public static let library = Code(rawValue: "library_failure")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
