import HelioCrypto
import Logging

/// Everything `buildApplication` needs, resolved: no optionals left but the key.
///
/// Built from flags, environment and a config file by `ServerSettings` (CLI), or directly by tests.
public struct ServerConfiguration: Sendable {
    /// Loopback by default: exposing a registry is a decision, not an accident.
    public var host: String = "127.0.0.1"
    /// 7317: unassigned by IANA, and the chain id the dev tools use.
    public var port: Int = 7317
    public var dataDirectory: String = "helio-data"
    /// PostgreSQL URL of the registry (nil: the data folder's recorded URL, else its SQLite file).
    public var database: String? = nil
    public var logLevel: Logger.Level = .info
    /// The unlocked checkpoint key; nil serves read-only checkpoints (none are signed).
    public var checkpointKey: Secp256k1.PrivateKey?
    /// Sign a checkpoint once this many entries are durable since the last…
    public var checkpointEvery: UInt64 = 1000
    /// …or after this many seconds when any entry arrived since the last (and at shutdown).
    public var checkpointIntervalSeconds: Int = 60
    public var limits = Limits()
    /// Install this app's Prometheus registry as the process-wide swift-metrics backend (the `serve`
    /// process does; tests do not).
    public var bootstrapGlobalMetrics = false

    public struct Limits: Sendable, Hashable {
        /// 4 MiB: ~10,000 signed commands of ~400 bytes, and a bound on the memory one request can take.
        public var maxBodyBytes = 4 << 20
        /// 8 MiB for /rpc: a batch of 10,000 signed transfers in JSON is ≈ 3.5 MB.
        public var maxRPCBodyBytes = 8 << 20
        /// Commands in one POST: bounds the time one request holds the writer.
        public var maxCommandsPerRequest = 10_000

        public init() {}
    }

    public init(dataDirectory: String = "helio-data", checkpointKey: Secp256k1.PrivateKey? = nil) {
        self.dataDirectory = dataDirectory
        self.checkpointKey = checkpointKey
    }
}
