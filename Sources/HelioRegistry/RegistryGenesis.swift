import Foundation
import HelioCrypto
import HelioLedger
import HelioStore

/// What `helio registry init` establishes, once: the registry's identity (`RegistryConfig`) and its
/// reward asset, kept in the store's settings so the server and every tool read the same facts. The
/// issuing bodies are NOT kept here: they are journal state (`ConfigureRegistry`, entry 1), read from
/// `LedgerState.registry.issuingBodies`, so no second copy can drift from the log.
public struct RegistryGenesis: Sendable, Hashable {
    public let config: RegistryConfig
    /// SUN, defined by the first journal entry.
    public let rewardAsset: AssetID

    static let rewardAssetKey = "registry.reward_asset"

    public init(config: RegistryConfig, rewardAsset: AssetID) {
        self.config = config
        self.rewardAsset = rewardAsset
    }

    public func save(to store: any LedgerStore) throws {
        try config.save(to: store)
        try store.setSetting(Self.rewardAssetKey, rewardAsset.text)
    }

    /// The genesis stored in `store`, or nil when the store holds no initialised registry.
    public static func load(from store: any LedgerStore) throws -> RegistryGenesis? {
        guard let config = try RegistryConfig.load(from: store),
            let assetText = try store.setting(rewardAssetKey)
        else { return nil }
        return RegistryGenesis(config: config, rewardAsset: try AssetID(assetText))
    }

    /// Creates a registry in an EMPTY store: defines SUN as entry 0 and configures the registry (issuing
    /// bodies, reward asset, reading policy) as entry 1, both signed by `checkpointKey` through the single
    /// writer; signs the first checkpoint, then saves the settings. Refuses a store that
    /// already holds a registry or any journal entry.
    public static func create(
        in store: any LedgerStore, name: String, chainId: UInt64, checkpointKey: Secp256k1.PrivateKey,
        issuingBodies: [Address], policy: ReadingPolicy = ReadingPolicy(),
        clock: @escaping @Sendable () -> Int64 = { Date.nowSeconds }
    ) async throws -> RegistryGenesis {
        guard try RegistryConfig.load(from: store) == nil, try store.journalSize() == 0 else {
            throw StoreError(.constraint, "this data folder already holds a registry")
        }
        guard !name.isEmpty else { throw StoreError(.constraint, "the registry name must not be empty") }
        let address = checkpointKey.address
        let config = RegistryConfig(name: name, chainId: chainId, checkpointAddress: address)
        let writer = try LedgerWriter(
            store: store, domain: config.domain, checkpointKey: checkpointKey,
            checkpointOrigin: config.checkpointOrigin, clock: clock)
        // Entry 0 defines SUN; entry 1 makes the registry key the authority and names the issuing bodies
        // and the reward asset. Submitted together: one transaction.
        let reward = RewardAsset.id(registry: address)
        let define = try SignedCommand.sign(
            RewardAsset.defineCommand(registry: address, registryName: name), nonce: RewardAsset.definingNonce,
            domain: config.domain, with: checkpointKey)
        let configure = try SignedCommand.sign(
            .configureRegistry(.init(issuingBodies: issuingBodies, rewardAsset: reward, policy: policy)),
            nonce: RewardAsset.definingNonce + 1, domain: config.domain, with: checkpointKey)
        for result in try await writer.submitSigned([define, configure]) { _ = try result.get() }
        try await writer.signCheckpoint()
        let genesis = RegistryGenesis(config: config, rewardAsset: reward)
        try genesis.save(to: store)
        return genesis
    }
}
