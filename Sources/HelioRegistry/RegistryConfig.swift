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

/// The on-disk layout of a registry's data folder: the checkpoint key in `keys/`, and the registry
/// itself either in `<data-dir>/helio.sqlite` (plus its WAL files; the default) or, when the folder
/// holds a `database.url` file, in the PostgreSQL database that file names (`helio registry init
/// --database postgres://…`). Every command that takes `--data-dir` so finds the same registry.
public enum DataDirectory {
    public static let databaseName = "helio.sqlite"
    public static let databaseURLName = "database.url"

    /// Opens (creating the folder, mode 0700, and the database when missing) the registry's store:
    /// PostgreSQL at `database` (remembered in the folder) or the folder's recorded URL, else SQLite.
    public static func openStore(_ path: String, database: String? = nil) throws -> any LedgerStore {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            try fm.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if let database {
            let store = try open(database: database)
            try Data((database + "\n").utf8).write(to: URL(fileURLWithPath: urlFile(path)), options: .atomic)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: urlFile(path))
            return store
        }
        if let recorded = try recordedURL(path) { return try open(database: recorded) }
        return try SQLiteLedgerStore(path: (path as NSString).appendingPathComponent(databaseName))
    }

    /// Opens an EXISTING registry, failing clearly when the folder (or its database) holds none.
    /// `database` overrides the folder's recorded URL (e.g. a node given `--database`).
    public static func openExisting(_ path: String, database: String? = nil) throws -> (any LedgerStore, RegistryConfig)
    {
        let store: any LedgerStore
        let location: String
        if let url = try database ?? recordedURL(path) {
            store = try open(database: url)
            location = PostgresLedgerStore.redacted(url)
        } else {
            let file = (path as NSString).appendingPathComponent(databaseName)
            guard FileManager.default.fileExists(atPath: file) else {
                throw StoreError(.io, "no registry in \(path) (no \(databaseName) and no \(databaseURLName))")
            }
            store = try SQLiteLedgerStore(path: file)
            location = file
        }
        guard let config = try RegistryConfig.load(from: store) else {
            throw StoreError(.corrupt, "\(location) holds no registry settings")
        }
        return (store, config)
    }

    /// The PostgreSQL URL recorded in the folder, if any.
    public static func recordedURL(_ path: String) throws -> String? {
        let file = urlFile(path)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let text = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    private static func urlFile(_ path: String) -> String {
        (path as NSString).appendingPathComponent(databaseURLName)
    }

    private static func open(database url: String) throws -> any LedgerStore {
        guard PostgresLedgerStore.isPostgresURL(url) else {
            throw StoreError(.io, "--database must be a postgres:// URL, got \(PostgresLedgerStore.redacted(url))")
        }
        return try PostgresLedgerStore(url: url)
    }
}
