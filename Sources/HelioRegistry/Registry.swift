import Foundation
import HelioCrypto
import HelioLedger
import HelioStore

/// One open registry: its store, its genesis facts and its single writer. What the server (and later
/// the JSON-RPC edge) works through.
public struct Registry: Sendable {
    public let store: any LedgerStore
    public let genesis: RegistryGenesis
    public let writer: LedgerWriter

    public var config: RegistryConfig { genesis.config }
    public var domain: CommandDomain { genesis.config.domain }

    /// Opens the registry in `store` with its checkpoint key (which must be the one the registry was
    /// created with; nil = no checkpoints are signed).
    public init(
        store: any LedgerStore, checkpointKey: Secp256k1.PrivateKey?, checkpointEvery: UInt64 = 1000,
        clock: @escaping @Sendable () -> Int64 = { Date.nowSeconds }
    ) throws {
        guard let genesis = try RegistryGenesis.load(from: store) else {
            throw StoreError(.corrupt, "the store holds no initialised registry (run `helio registry init`)")
        }
        if let checkpointKey, checkpointKey.address != genesis.config.checkpointAddress {
            throw StoreError(
                .constraint,
                "checkpoint key \(checkpointKey.address) is not the registry's "
                    + "(\(genesis.config.checkpointAddress?.checksummed ?? "none"))")
        }
        self.store = store
        self.genesis = genesis
        self.writer = try LedgerWriter(
            store: store, domain: genesis.config.domain, checkpointKey: checkpointKey,
            checkpointOrigin: genesis.config.checkpointOrigin, checkpointEvery: checkpointEvery, clock: clock)
    }

    /// Authenticates signed commands on all cores, then submits the authentic ones in order to the single
    /// writer. One result per input, in input order. Throws only when the store fails.
    public func submit(_ commands: [SignedCommand]) async throws -> [Result<Receipt, LedgerError>] {
        try await writer.submitSigned(commands)
    }
}
