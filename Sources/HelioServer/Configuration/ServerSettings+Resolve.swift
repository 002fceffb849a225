import HelioCrypto
import Logging

extension ServerSettings {
    /// This layer with every unset field taken from `lower`.
    public func over(_ lower: ServerSettings) -> ServerSettings {
        var s = self
        s.host = host ?? lower.host
        s.port = port ?? lower.port
        s.dataDir = dataDir ?? lower.dataDir
        s.database = database ?? lower.database
        s.logLevel = logLevel ?? lower.logLevel
        s.passwordFile = passwordFile ?? lower.passwordFile
        s.checkpointEvery = checkpointEvery ?? lower.checkpointEvery
        s.checkpointIntervalSeconds = checkpointIntervalSeconds ?? lower.checkpointIntervalSeconds
        s.maxBodyBytes = maxBodyBytes ?? lower.maxBodyBytes
        s.maxCommandsPerRequest = maxCommandsPerRequest ?? lower.maxCommandsPerRequest
        return s
    }

    /// The configuration these settings give, defaults filling what is unset; checks ranges.
    public func configuration(checkpointKey: Secp256k1.PrivateKey?) throws -> ServerConfiguration {
        var c = ServerConfiguration(checkpointKey: checkpointKey)
        if let host { c.host = host }
        if let port {
            guard (0...65_535).contains(port) else { throw SettingsError("port \(port) is not in 0…65535") }
            c.port = port
        }
        if let dataDir { c.dataDirectory = dataDir }
        if let database { c.database = database }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw SettingsError(
                    "log level \(logLevel) is not one of trace, debug, info, notice, warning, error, critical")
            }
            c.logLevel = level
        }
        if let checkpointEvery {
            guard checkpointEvery > 0 else { throw SettingsError("checkpointEvery must be at least 1") }
            c.checkpointEvery = checkpointEvery
        }
        if let checkpointIntervalSeconds {
            guard checkpointIntervalSeconds > 0 else {
                throw SettingsError("checkpointIntervalSeconds must be at least 1")
            }
            c.checkpointIntervalSeconds = checkpointIntervalSeconds
        }
        if let maxBodyBytes {
            guard maxBodyBytes >= 1024 else { throw SettingsError("maxBodyBytes must be at least 1024") }
            c.limits.maxBodyBytes = maxBodyBytes
        }
        if let maxCommandsPerRequest {
            guard maxCommandsPerRequest >= 1 else { throw SettingsError("maxCommandsPerRequest must be at least 1") }
            c.limits.maxCommandsPerRequest = maxCommandsPerRequest
        }
        return c
    }
}

/// A configuration problem: one line, naming the setting.
public struct SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
