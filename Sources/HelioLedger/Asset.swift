import HelioCrypto

/// A fungible asset as the ledger knows it (projection row `assets`).
public struct Asset: Codable, Hashable, Sendable {
    public let id: AssetID
    public let tokenAddress: Address
    public let issuer: Address
    public let name: String
    public let symbol: String
    public let decimals: UInt8
    /// Addresses allowed to mint (the issuer is not implicitly one).
    public let minters: [Address]
    /// SHA-256 of the asset definition document's canonical bytes.
    public let definitionSHA256: String
    /// Journal index of the defining entry.
    public let genesisEntry: UInt64
    public var totalSupply: UInt256

    /// Public so a store can rebuild an asset from its projection rows; the ledger creates assets only in
    /// `apply`, and a store trusts its own rows, like `LedgerState.restore`.
    public init(
        id: AssetID, tokenAddress: Address, issuer: Address, name: String, symbol: String, decimals: UInt8,
        minters: [Address], definitionSHA256: String, genesisEntry: UInt64, totalSupply: UInt256
    ) {
        self.id = id
        self.tokenAddress = tokenAddress
        self.issuer = issuer
        self.name = name
        self.symbol = symbol
        self.decimals = decimals
        self.minters = minters
        self.definitionSHA256 = definitionSHA256
        self.genesisEntry = genesisEntry
        self.totalSupply = totalSupply
    }
}
