import HelioCrypto

/// What an author asks the ledger to do. Pure data: who asked, and with which nonce, travels in
/// `AuthenticatedCommand`; when, in `EntryContext`.
public enum Command: Hashable, Sendable {
    case defineAsset(DefineAsset)
    case mint(Mint)
    case transfer(Transfer)
    case approve(Approve)
    case transferFrom(TransferFrom)
    case burn(Burn)
    // Registry administration (issue 4): see RegistryCommands.swift.
    case configureRegistry(ConfigureRegistry)
    case registerDevice(RegisterDevice)
    case registerOracle(RegisterOracle)
    case assignOracles(AssignOracles)
    case setDeviceStatus(SetDeviceStatus)
    case setOracleStatus(SetOracleStatus)
    // Certificates (issue 5): see Certificates/CertificateCommands.swift.
    case configureCertificates(ConfigureCertificates)
    case setIssuancePolicy(SetIssuancePolicy)
    case transferCertificate(TransferCertificate)
    case cancelCertificate(CancelCertificate)
    case withdrawLot(WithdrawLot)

    /// Defines a fungible asset. Its id is `AssetID(issuer: author, nonce: nonce)`.
    public struct DefineAsset: Codable, Hashable, Sendable {
        public var definition: AssetDefinition
        public var name: String
        public var symbol: String
        public var decimals: UInt8
        public var minters: [Address]
        public init(definition: AssetDefinition, name: String, symbol: String, decimals: UInt8 = 18, minters: [Address])
        {
            self.definition = definition
            self.name = name
            self.symbol = symbol
            self.decimals = decimals
            self.minters = minters
        }
    }

    public struct Mint: Codable, Hashable, Sendable {
        public var asset: AssetID
        public var to: Address
        public var amount: UInt256
        public init(asset: AssetID, to: Address, amount: UInt256) {
            (self.asset, self.to, self.amount) = (asset, to, amount)
        }
    }

    public struct Transfer: Codable, Hashable, Sendable {
        public var asset: AssetID
        public var to: Address
        public var amount: UInt256
        public init(asset: AssetID, to: Address, amount: UInt256) {
            (self.asset, self.to, self.amount) = (asset, to, amount)
        }
    }

    public struct Approve: Codable, Hashable, Sendable {
        public var asset: AssetID
        public var spender: Address
        public var amount: UInt256
        public init(asset: AssetID, spender: Address, amount: UInt256) {
            (self.asset, self.spender, self.amount) = (asset, spender, amount)
        }
    }

    public struct TransferFrom: Codable, Hashable, Sendable {
        public var asset: AssetID
        public var from: Address
        public var to: Address
        public var amount: UInt256
        public init(asset: AssetID, from: Address, to: Address, amount: UInt256) {
            (self.asset, self.from, self.to, self.amount) = (asset, from, to, amount)
        }
    }

    public struct Burn: Codable, Hashable, Sendable {
        public var asset: AssetID
        public var amount: UInt256
        public init(asset: AssetID, amount: UInt256) { (self.asset, self.amount) = (asset, amount) }
    }

    /// The journal's `kind` column.
    public var kind: String {
        switch self {
        case .defineAsset: "DefineAsset"
        case .mint: "Mint"
        case .transfer: "Transfer"
        case .approve: "Approve"
        case .transferFrom: "TransferFrom"
        case .burn: "Burn"
        case .configureRegistry: "ConfigureRegistry"
        case .registerDevice: "RegisterDevice"
        case .registerOracle: "RegisterOracle"
        case .assignOracles: "AssignOracles"
        case .setDeviceStatus: "SetDeviceStatus"
        case .setOracleStatus: "SetOracleStatus"
        case .configureCertificates: "ConfigureCertificates"
        case .setIssuancePolicy: "SetIssuancePolicy"
        case .transferCertificate: "TransferCertificate"
        case .cancelCertificate: "CancelCertificate"
        case .withdrawLot: "WithdrawLot"
        }
    }
}

/// A command whose author has been established at the edge (by recovering an EIP-712 signature, or
/// later an Ethereum transaction's sender). The ledger trusts `author`: constructing one from
/// unverified input is the caller's responsibility, which is why `SignedCommand.authenticate` is the
/// only way the network edges make one.
public struct AuthenticatedCommand: Hashable, Sendable {
    public let author: Address
    public let nonce: UInt64
    public let command: Command

    public init(author: Address, nonce: UInt64, command: Command) {
        self.author = author
        self.nonce = nonce
        self.command = command
    }
}

/// Where and when an entry lands: its journal index and the registry's time (unix seconds). The ledger
/// has no clock; time arrives here.
public struct EntryContext: Hashable, Sendable {
    public let index: UInt64
    public let time: Int64
    public init(index: UInt64, time: Int64) {
        self.index = index
        self.time = time
    }
}
