import Foundation
import Logging

/// One layer of server settings, every field optional: the command line, the environment, a JSON
/// config file. `resolved(over:)` stacks them (flags > env > file > defaults).
///
/// Config file (JSON, unknown keys refused so a typo is not silently ignored):
/// `{"host": "127.0.0.1", "port": 7317, "dataDir": "helio-data", "database": "postgres://…", "logLevel": "info",
///   "passwordFile": "…", "checkpointEvery": 1000, "checkpointIntervalSeconds": 60,
///   "maxBodyBytes": 4194304, "maxCommandsPerRequest": 10000}`
public struct ServerSettings: Codable, Sendable, Hashable {
    public var host: String?
    public var port: Int?
    public var dataDir: String?
    /// A PostgreSQL URL: the registry's database, overriding the one recorded in the data folder.
    public var database: String?
    public var logLevel: String?
    public var passwordFile: String?
    public var checkpointEvery: UInt64?
    public var checkpointIntervalSeconds: Int?
    public var maxBodyBytes: Int?
    public var maxCommandsPerRequest: Int?

    public init(
        host: String? = nil, port: Int? = nil, dataDir: String? = nil, database: String? = nil,
        logLevel: String? = nil, passwordFile: String? = nil
    ) {
        (self.host, self.port, self.dataDir, self.database, self.logLevel, self.passwordFile) =
            (host, port, dataDir, database, logLevel, passwordFile)
    }

    /// The environment variables read, by field.
    public static let environmentNames: [(variable: String, field: String)] = [
        ("HELIO_HOST", "host"), ("HELIO_PORT", "port"), ("HELIO_DATA_DIR", "dataDir"), ("HELIO_DATABASE", "database"),
        ("HELIO_LOG_LEVEL", "logLevel"), ("HELIO_PASSWORD_FILE", "passwordFile"),
        ("HELIO_CHECKPOINT_EVERY", "checkpointEvery"), ("HELIO_CHECKPOINT_INTERVAL", "checkpointIntervalSeconds"),
        ("HELIO_MAX_BODY_BYTES", "maxBodyBytes"), ("HELIO_MAX_COMMANDS", "maxCommandsPerRequest"),
    ]

    /// The layer given by `environment` (empty values count as unset).
    public static func environment(_ environment: [String: String]) throws -> ServerSettings {
        var object: [String: Any] = [:]
        for (variable, field) in environmentNames {
            guard let text = environment[variable], !text.isEmpty else { continue }
            if ["host", "dataDir", "database", "logLevel", "passwordFile"].contains(field) {
                object[field] = text
            } else {
                guard let number = Int64(text), number >= 0 else {
                    throw SettingsError("\(variable) must be a non-negative integer, not \(text)")
                }
                object[field] = number
            }
        }
        return try decode(JSONSerialization.data(withJSONObject: object), source: "the environment")
    }

    /// The layer in the JSON config file at `path`.
    public static func file(_ path: String) throws -> ServerSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SettingsError("cannot read config file \(path)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SettingsError("config file \(path) is not a JSON object")
        }
        let known = Set(environmentNames.map(\.field))
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw SettingsError("config file \(path): unknown key \"\(unknown)\"")
        }
        return try decode(data, source: "config file \(path)")
    }

    private static func decode(_ data: Data, source: String) throws -> ServerSettings {
        do { return try JSONDecoder().decode(ServerSettings.self, from: data) } catch {
            throw SettingsError("\(source): \(JSONBody.describe(error))")
        }
    }
}
