import Hummingbird
import Logging
import ServiceLifecycle

extension HelioServer {
    /// Runs the server until SIGTERM or SIGINT, then shuts down gracefully: the listener closes,
    /// in-flight requests (and the commit groups they wait on) finish, a last checkpoint is signed.
    /// For the `helio serve` process only: it installs process-wide logging and metrics backends.
    public static func run(configuration: ServerConfiguration) async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        var configuration = configuration
        configuration.bootstrapGlobalMetrics = true
        let app = try await buildApplication(configuration: configuration)
        var logger = Logger(label: "helio.serve")
        logger.logLevel = configuration.logLevel
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
