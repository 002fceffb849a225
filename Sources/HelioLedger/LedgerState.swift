import HelioCrypto

/// Key of a balance: (asset, account).
public struct HoldingKey: Hashable, Sendable, Comparable {
    public let asset: AssetID
    public let account: Address
    public init(_ asset: AssetID, _ account: Address) { (self.asset, self.account) = (asset, account) }
    public static func < (a: HoldingKey, b: HoldingKey) -> Bool {
        a.asset != b.asset ? a.asset < b.asset : a.account < b.account
    }
}

/// Key of an allowance: (asset, owner, spender).
public struct AllowanceKey: Hashable, Sendable, Comparable {
    public let asset: AssetID
    public let owner: Address
    public let spender: Address
    public init(_ asset: AssetID, _ owner: Address, _ spender: Address) {
        (self.asset, self.owner, self.spender) = (asset, owner, spender)
    }
    public static func < (a: AllowanceKey, b: AllowanceKey) -> Bool {
        if a.asset != b.asset { return a.asset < b.asset }
        return a.owner != b.owner ? a.owner < b.owner : a.spender < b.spender
    }
}

/// The ledger's whole state: a deterministic projection of the journal.
///
/// Only `apply(_:context:)` changes it (the stored properties are read-only outside this module), and
/// it changes nothing when it throws: every check runs before the first write. Zero balances and
/// zero allowances are not kept, so two states with the same meaning are equal.
public struct LedgerState: Hashable, Sendable {
    public internal(set) var assets: [AssetID: Asset] = [:]
    public internal(set) var assetsByToken: [Address: AssetID] = [:]
    public internal(set) var balances: [HoldingKey: UInt256] = [:]
    public internal(set) var allowances: [AllowanceKey: UInt256] = [:]
    /// Next expected nonce per author (absent = 0).
    public internal(set) var nonces: [Address: UInt64] = [:]
    /// Devices, oracles, assignments and attested periods (issue 4).
    public internal(set) var registry = RegistryState()
    /// Lots, parts, cancellations and issuance bookkeeping (issue 5).
    public internal(set) var certificates = CertificateState()

    public init() {}

    public func balance(_ asset: AssetID, _ account: Address) -> UInt256 {
        balances[HoldingKey(asset, account)] ?? .zero
    }

    public func allowance(_ asset: AssetID, owner: Address, spender: Address) -> UInt256 {
        allowances[AllowanceKey(asset, owner, spender)] ?? .zero
    }

    public func nonce(_ account: Address) -> UInt64 { nonces[account] ?? 0 }

    /// Rebuilds a state from stored projection rows (the store's load path), without replaying.
    public static func restore(
        assets: [Asset], balances: [HoldingKey: UInt256], allowances: [AllowanceKey: UInt256],
        nonces: [Address: UInt64], registry: RegistryState = RegistryState(),
        certificates: CertificateState = CertificateState()
    ) -> LedgerState {
        var s = LedgerState()
        for a in assets {
            s.assets[a.id] = a
            s.assetsByToken[a.tokenAddress] = a.id
        }
        s.balances = balances.filter { !$0.value.isZero }
        s.allowances = allowances.filter { !$0.value.isZero }
        s.nonces = nonces.filter { $0.value != 0 }
        s.registry = registry
        s.certificates = certificates
        return s
    }
}
