import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// `GET /v1/assets/{id}` (by asset id or token address) and `GET /v1/accounts/{address}/balances`.
/// Reads the writer's state: accepted commands show up at once.
struct AssetsController<Context: RequestContext>: Sendable {
    let registry: Registry

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("assets/:id", use: asset)
        group.get("accounts/:address/balances", use: balances)
    }

    struct AssetView: ResponseEncodable {
        let id: String
        let tokenAddress: String
        let issuer: String
        let name: String
        let symbol: String
        let decimals: UInt8
        let minters: [String]
        /// Base units, as a decimal string (uint256 does not fit a JSON number).
        let totalSupply: String
        let definitionSHA256: String
        let genesisEntry: UInt64

        init(_ a: Asset) {
            id = a.id.text
            tokenAddress = a.tokenAddress.checksummed
            issuer = a.issuer.checksummed
            name = a.name
            symbol = a.symbol
            decimals = a.decimals
            minters = a.minters.map(\.checksummed)
            totalSupply = a.totalSupply.description
            definitionSHA256 = a.definitionSHA256
            genesisEntry = a.genesisEntry
        }
    }

    @Sendable func asset(_ request: Request, context: Context) async throws -> AssetView {
        let text = try context.parameters.require("id")
        let found: Asset?
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let token = try Address(text)
            found = await registry.writer.read { state in state.assetsByToken[token].flatMap { state.assets[$0] } }
        } else {
            let id = try AssetID(text)
            found = await registry.writer.read { $0.assets[id] }
        }
        guard let found else { throw LedgerError(.unknownAsset, "no asset \(text) in this registry") }
        return AssetView(found)
    }

    struct Holding: Encodable, Sendable {
        let asset: String
        let tokenAddress: String
        let symbol: String
        let decimals: UInt8
        /// Base units, decimal string.
        let amount: String
    }

    struct Balances: ResponseEncodable {
        let address: String
        /// The next nonce this account must sign with.
        let nonce: UInt64
        let balances: [Holding]
    }

    @Sendable func balances(_ request: Request, context: Context) async throws -> Balances {
        let address = try Address(try context.parameters.require("address"))
        return await registry.writer.read { state in
            let holdings = state.balances.filter { $0.key.account == address }.sorted { $0.key < $1.key }
                .compactMap { key, amount -> Holding? in
                    guard let asset = state.assets[key.asset] else { return nil }
                    return Holding(
                        asset: asset.id.text, tokenAddress: asset.tokenAddress.checksummed, symbol: asset.symbol,
                        decimals: asset.decimals, amount: amount.description)
                }
            return Balances(address: address.checksummed, nonce: state.nonce(address), balances: holdings)
        }
    }
}
