import HelioRegistry
import HelioStore
import Hummingbird
import Logging

/// The request context of every route.
public typealias AppRequestContext = BasicRequestContext

extension HelioServer {
    /// The composition root: opens the registry in the configured data folder, and wires store, writer,
    /// metrics, middleware, routes and background services into one application. Nothing else in the
    /// server constructs a dependency.
    public static func buildApplication(configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
        var logger = Logger(label: "helio.server")
        logger.logLevel = configuration.logLevel
        let (store, _) = try DataDirectory.openExisting(configuration.dataDirectory, database: configuration.database)
        let registry = try Registry(
            store: store, checkpointKey: configuration.checkpointKey, checkpointEvery: configuration.checkpointEvery)
        let metrics = ServerMetrics()
        if configuration.bootstrapGlobalMetrics { metrics.bootstrapGlobally() }
        let entries = await registry.writer.size
        metrics.journalEntries.set(Int64(clamping: entries))

        // The explorer's files are read once, here: a broken install fails at start-up, not at a visitor.
        guard ExplorerAssets.bundled.files[ExplorerAssets.indexName] != nil else {
            throw ExplorerAssets.Missing()
        }
        let events = LiveEvents(writer: registry.writer)
        let router = buildRouter(registry: registry, metrics: metrics, limits: configuration.limits, events: events)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "helio"),
            logger: logger)
        app.addServices(events)
        app.addServices(ExpiryService(writer: registry.writer, interval: .seconds(30), logger: logger))
        if store.sharesWriters {
            app.addServices(FollowService(writer: registry.writer, interval: .milliseconds(100)))
        }
        if configuration.checkpointKey != nil {
            app.addServices(
                CheckpointService(
                    writer: registry.writer, store: store,
                    interval: .seconds(configuration.checkpointIntervalSeconds), logger: logger))
        }
        logger.info(
            "registry opened",
            metadata: [
                "registry": "\(registry.config.name)", "chain_id": "\(registry.config.chainId)",
                "entries": "\(entries)", "data_dir": "\(configuration.dataDirectory)",
            ])
        return app
    }

    /// Routes and middleware. Order matters: metrics outermost (they see the final status), then request
    /// logs, then problems (every error below becomes problem+json, the router's 404 included).
    static func buildRouter(
        registry: Registry, metrics: ServerMetrics, limits: ServerConfiguration.Limits, events: LiveEvents
    ) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: ProblemMiddleware())
        HealthController(registry: registry, metrics: metrics).addRoutes(to: router)
        let v1 = router.group("v1")
        RegistryController(registry: registry).addRoutes(to: v1)
        AssetsController(registry: registry).addRoutes(to: v1)
        CommandsController(registry: registry, metrics: metrics, limits: limits).addRoutes(to: v1)
        LogController(registry: registry).addRoutes(to: v1)
        WitnessController(registry: registry, limits: limits).addRoutes(to: v1)
        ReadingsController(registry: registry, metrics: metrics, limits: limits).addRoutes(to: v1)
        DevicesController(registry: registry).addRoutes(to: v1)
        CertificatesController(registry: registry).addRoutes(to: v1)
        CancellationsController(registry: registry, metrics: metrics, limits: limits).addRoutes(to: v1)
        RPCController(rpc: EthereumRPC(registry: registry), metrics: metrics, maxBodyBytes: limits.maxRPCBodyBytes)
            .addRoutes(to: router)
        EventsController(events: events).addRoutes(to: router)
        OverviewController(registry: registry).addRoutes(to: v1)
        ProductionController(registry: registry).addRoutes(to: v1)
        LotReadingsController(registry: registry).addRoutes(to: v1)
        ExplorerController(assets: .bundled).addRoutes(to: router)
        return router
    }
}
