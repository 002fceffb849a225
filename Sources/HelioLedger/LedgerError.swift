import HelioCrypto

/// Why the ledger refused a command. A struct with a stable code (so new codes can be added without
/// breaking callers), a one-line message, and for the ERC20 failures the arguments of the matching
/// ERC-6093 custom error, so the JSON-RPC edge can encode a revert exactly as OpenZeppelin v5 would.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // ERC-6093 equivalents (OpenZeppelin v5 ERC20).
        public static let insufficientBalance = Code(rawValue: "ERC20InsufficientBalance")
        public static let invalidSender = Code(rawValue: "ERC20InvalidSender")
        public static let invalidReceiver = Code(rawValue: "ERC20InvalidReceiver")
        public static let insufficientAllowance = Code(rawValue: "ERC20InsufficientAllowance")
        public static let invalidApprover = Code(rawValue: "ERC20InvalidApprover")
        public static let invalidSpender = Code(rawValue: "ERC20InvalidSpender")
        // Helio's own.
        public static let unknownAsset = Code(rawValue: "unknown_asset")
        public static let assetExists = Code(rawValue: "asset_exists")
        public static let notMinter = Code(rawValue: "not_minter")
        public static let nonceTooLow = Code(rawValue: "nonce_too_low")
        public static let nonceGap = Code(rawValue: "nonce_gap")
        public static let overflow = Code(rawValue: "overflow")
        public static let invalidDefinition = Code(rawValue: "invalid_asset_definition")
        public static let badSignature = Code(rawValue: "bad_signature")
        public static let malformedCommand = Code(rawValue: "malformed_command")
        // Registration (issue 4).
        public static let notAuthority = Code(rawValue: "not_registry_authority")
        public static let notIssuingBody = Code(rawValue: "not_issuing_body")
        public static let invalidRegistration = Code(rawValue: "invalid_registration")
        public static let deviceExists = Code(rawValue: "device_exists")
        public static let meterExists = Code(rawValue: "meter_exists")
        public static let oracleExists = Code(rawValue: "oracle_exists")
        public static let unknownDevice = Code(rawValue: "unknown_device")
        public static let unknownMeter = Code(rawValue: "unknown_meter")
        public static let unknownOracle = Code(rawValue: "unknown_oracle")
        public static let invalidAssignment = Code(rawValue: "invalid_assignment")
        // Ethereum transactions (issue 6), refused before they reach the journal.
        public static let malformedTransaction = Code(rawValue: "malformed_transaction")
        public static let wrongChain = Code(rawValue: "wrong_chain")
        public static let notAToken = Code(rawValue: "not_a_token")
        // Certificates (issue 5).
        public static let unknownCertificate = Code(rawValue: "unknown_certificate")
        public static let notHolder = Code(rawValue: "not_holder")
        public static let insufficientCertificate = Code(rawValue: "insufficient_certificate")
        public static let certificateCancelled = Code(rawValue: "certificate_cancelled")
        public static let certificateExpired = Code(rawValue: "certificate_expired")
        public static let certificateWithdrawn = Code(rawValue: "certificate_withdrawn")
        public static let lotHasCancellations = Code(rawValue: "lot_has_cancellations")
        public static let invalidTransfer = Code(rawValue: "invalid_transfer")
        public static let invalidCancellation = Code(rawValue: "invalid_cancellation")
        public static let invalidPolicy = Code(rawValue: "invalid_policy")
        public static let notDue = Code(rawValue: "not_due")
    }

    /// The arguments of the ERC-6093 error, in declaration order (addresses and uint256 values).
    public enum Argument: Hashable, Sendable {
        case address(Address)
        case uint(UInt256)
    }

    public let code: Code
    public let message: String
    public let arguments: [Argument]

    public init(_ code: Code, _ message: String, arguments: [Argument] = []) {
        self.code = code
        self.message = message
        self.arguments = arguments
    }

    public var description: String { message }

    /// True for the six ERC-6093 errors (the ones that revert with a custom error on JSON-RPC).
    public var isERC6093: Bool { code.rawValue.hasPrefix("ERC20") }
}

extension LedgerError {
    static func insufficientBalance(_ sender: Address, balance: UInt256, needed: UInt256) -> LedgerError {
        LedgerError(
            .insufficientBalance, "\(sender) has \(balance), needs \(needed)",
            arguments: [.address(sender), .uint(balance), .uint(needed)])
    }

    static func insufficientAllowance(_ spender: Address, allowance: UInt256, needed: UInt256) -> LedgerError {
        LedgerError(
            .insufficientAllowance, "\(spender) is allowed \(allowance), needs \(needed)",
            arguments: [.address(spender), .uint(allowance), .uint(needed)])
    }

    static func invalid(_ code: Code, _ what: String, _ address: Address) -> LedgerError {
        LedgerError(code, "\(what) \(address) is not allowed (the zero address)", arguments: [.address(address)])
    }
}
