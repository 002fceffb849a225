import HelioRegistry
import Hummingbird

/// `GET /healthz` and `GET /metrics`: for load balancers and Prometheus, outside `/v1`.
struct HealthController<Context: RequestContext>: Sendable {
    let registry: Registry
    let metrics: ServerMetrics

    func addRoutes(to router: Router<Context>) {
        router.get("healthz", use: health)
        router.get("metrics", use: exposition)
    }

    struct Health: ResponseEncodable {
        let status: String
        /// Durable journal entries.
        let entries: UInt64
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> Health {
        Health(status: "ok", entries: await registry.writer.size)
    }

    /// Prometheus text exposition format 0.0.4.
    @Sendable func exposition(_ request: Request, context: Context) async throws -> Response {
        metrics.journalEntries.set(Int64(clamping: await registry.writer.size))
        let bytes = metrics.exposition()
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
