import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore

/// The identity of one registry, kept in the store's settings so that every tool opening the data
/// folder (replay, log verify, the server) uses the same EIP-712 domain and checkpoint origin.
public struct RegistryConfig: Sendable, Hashable {
    public let name: String
    public let chainId: UInt64
    /// The address whose key signs checkpoints.
    public let checkpointAddress: Address?

    public init(name: String, chainId: UInt64, checkpointAddress: Address?) {
        self.name = name
        self.chainId = chainId
        self.checkpointAddress = checkpointAddress
    }

    public var domain: CommandDomain { CommandDomain(name: "Helio", version: "1", chainId: chainId) }
    public var checkpointOrigin: String { Checkpoint.origin(registry: name, chainID: chainId) }

    public func save(to store: any LedgerStore) throws {
        try store.setSetting("registry.name", name)
        try store.setSetting("registry.chain_id", String(chainId))
        if let checkpointAddress { try store.setSetting("registry.checkpoint_address", checkpointAddress.checksummed) }
    }

    /// The registry stored in `store`, or nil for an uninitialised store.
    public static func load(from store: any LedgerStore) throws -> RegistryConfig? {
        guard let name = try store.setting("registry.name"),
            let chain = try store.setting("registry.chain_id"), let chainId = UInt64(chain)
        else { return nil }
        let address = try store.setting("registry.checkpoint_address").map { try Address($0) }
        return RegistryConfig(name: name, chainId: chainId, checkpointAddress: address)
    }
}

/// The on-disk layout of a registry's data folder: `<data-dir>/helio.sqlite` (plus its WAL files).
public enum DataDirectory {
    public static let databaseName = "helio.sqlite"

    /// Opens (creating the folder, mode 0700, and the database when missing) the registry's store.
    public static func openStore(_ path: String) throws -> SQLiteLedgerStore {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            try fm.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return try SQLiteLedgerStore(path: (path as NSString).appendingPathComponent(databaseName))
    }

    /// Opens an EXISTING registry, failing clearly when the folder holds none.
    public static func openExisting(_ path: String) throws -> (SQLiteLedgerStore, RegistryConfig) {
        let file = (path as NSString).appendingPathComponent(databaseName)
        guard FileManager.default.fileExists(atPath: file) else {
            throw StoreError(.io, "no registry in \(path) (no \(databaseName))")
        }
        let store = try SQLiteLedgerStore(path: file)
        guard let config = try RegistryConfig.load(from: store) else {
            throw StoreError(.corrupt, "\(file) holds no registry settings")
        }
        return (store, config)
    }
}
