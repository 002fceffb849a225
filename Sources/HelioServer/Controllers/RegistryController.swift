import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// `GET /v1/registry` (who this registry is) and `GET /v1/eip712` (what to sign, and under which
/// domain, so an oracle or wallet can sign commands with any off-the-shelf EIP-712 library).
struct RegistryController<Context: RequestContext>: Sendable {
    let registry: Registry

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("registry", use: info)
        group.get("eip712", use: eip712)
    }

    struct RewardAssetView: Encodable, Sendable {
        let id: String
        let tokenAddress: String
        let symbol: String
        let decimals: UInt8
        let baseUnitsPerWh: String
    }

    struct Info: ResponseEncodable {
        let name: String
        let chainId: UInt64
        let checkpointAddress: String?
        let checkpointOrigin: String
        let issuingBodies: [String]
        let rewardAsset: RewardAssetView
        let journalSize: UInt64
    }

    @Sendable func info(_ request: Request, context: Context) async throws -> Info {
        let genesis = registry.genesis
        return Info(
            name: genesis.config.name, chainId: genesis.config.chainId,
            checkpointAddress: genesis.config.checkpointAddress?.checksummed,
            checkpointOrigin: genesis.config.checkpointOrigin,
            issuingBodies: await registry.writer.currentState.registry.issuingBodies.map(\.checksummed),
            rewardAsset: RewardAssetView(
                id: genesis.rewardAsset.text, tokenAddress: genesis.rewardAsset.tokenAddress.checksummed,
                symbol: RewardAsset.symbol, decimals: RewardAsset.decimals,
                baseUnitsPerWh: String(RewardAsset.baseUnitsPerWh)),
            journalSize: await registry.writer.size)
    }

    struct Field: Encodable, Sendable {
        let name: String
        let type: String
    }

    struct Domain: Encodable, Sendable {
        let name: String
        let version: String
        let chainId: UInt64
    }

    struct EIP712Info: ResponseEncodable {
        let domain: Domain
        /// The signable command types (every key of `types` but `EIP712Domain`).
        let primaryTypes: [String]
        let types: [String: [Field]]
    }

    @Sendable func eip712(_ request: Request, context: Context) async throws -> EIP712Info {
        let domain = registry.domain
        let all = CommandTypedData.types.merging(ReadingTypedData.types) { a, _ in a }
        let types = all.mapValues { $0.map { Field(name: $0.name, type: $0.type) } }
        return EIP712Info(
            domain: Domain(name: domain.name, version: domain.version, chainId: domain.chainId),
            primaryTypes: types.keys.filter { !eip712HelperTypes.contains($0) }.sorted(), types: types)
    }
}

/// EIP-712 types that are only ever nested in another (never signed on their own).
private let eip712HelperTypes: Set<String> = ["EIP712Domain", "Meter"]
