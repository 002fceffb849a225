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
}
