import ArgumentParser
import Foundation
import HelioCrypto
import HelioRegistry
import HelioServer

/// `helio serve`: runs a registry's HTTP server until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a registry over HTTP (REST under /v1, /healthz, /metrics).",
        discussion: """
            Each setting comes from, in order of precedence: a flag, an environment variable, the JSON \
            config file (--config or HELIO_CONFIG), the default.

              --host, HELIO_HOST, "host": 127.0.0.1
              --port, HELIO_PORT, "port": 7317
              --data-dir, HELIO_DATA_DIR, "dataDir": ./helio-data
              --database, HELIO_DATABASE, "database": the URL recorded in the data folder, else SQLite
              --log-level, HELIO_LOG_LEVEL, "logLevel": info
              --password-file, HELIO_PASSWORD_FILE, "passwordFile": none
              HELIO_CHECKPOINT_EVERY, "checkpointEvery": 1000 (entries)
              HELIO_CHECKPOINT_INTERVAL, "checkpointIntervalSeconds": 60
              HELIO_MAX_BODY_BYTES, "maxBodyBytes": 4194304 (4 MiB)
              HELIO_MAX_COMMANDS, "maxCommandsPerRequest": 10000

            The checkpoint key (in <data-dir>/keys/) is unlocked at start with the password from \
            --password-file, HELIO_PASSWORD, or a prompt. On SIGTERM or SIGINT the server stops \
            accepting connections, finishes in-flight requests, signs a last checkpoint and exits 0.
            """)

    @Option(help: "Address to bind (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 7317).")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "Registry data folder (default ./helio-data).")
    var dataDir: String?

    @Option(
        help: ArgumentHelp(
            "PostgreSQL URL of the registry (postgres://user@host:port/db); several nodes may share one.",
            valueName: "url"))
    var database: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Option(help: "JSON config file (default $HELIO_CONFIG).")
    var config: String?

    @OptionGroup var password: PasswordOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings: ServerSettings
        let configuration: ServerConfiguration
        do {
            let flags = ServerSettings(
                host: host, port: port, dataDir: dataDir, database: database, logLevel: logLevel,
                passwordFile: password.passwordFile)
            let file = try (config ?? environment["HELIO_CONFIG"].flatMap { $0.isEmpty ? nil : $0 })
                .map { try ServerSettings.file($0) }
            settings = flags.over(try ServerSettings.environment(environment)).over(file ?? ServerSettings())
            configuration = try settings.configuration(checkpointKey: nil)
        } catch let error as SettingsError {
            throw CLIError(error.message)
        }
        var resolved = configuration
        resolved.checkpointKey = try unlockCheckpointKey(
            dataDirectory: configuration.dataDirectory, database: configuration.database,
            passwordFile: settings.passwordFile)
        try await HelioServer.run(configuration: resolved)
    }

    /// Finds the registry's checkpoint keystore in `<data-dir>/keys/` and decrypts it.
    func unlockCheckpointKey(
        dataDirectory: String, database: String?, passwordFile: String?
    ) throws -> Secp256k1.PrivateKey {
        let (_, config) = try DataDirectory.openExisting(dataDirectory, database: database)
        guard let address = config.checkpointAddress else {
            throw CLIError("the registry in \(dataDirectory) has no checkpoint address")
        }
        let keys = KeystoreDirectory(url: URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys"))
        guard let file = try keys.find(address) else {
            throw CLIError("no keystore for the checkpoint key \(address.checksummed) in \(keys.url.path)")
        }
        let secret = try PasswordOptions.resolve(
            file: passwordFile, env: "HELIO_PASSWORD", prompt: "Password for \(address.checksummed): ", confirm: false)
        return try keystoreFromFile(file).decrypt(password: secret)
    }
}
