import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The server's Prometheus registry and the metrics it exports.
///
/// Each application gets its OWN collector registry (so tests can build many apps in one process);
/// the metrics are made through swift-metrics with an explicit factory, so nothing here depends on
/// the process-wide `MetricsSystem`. `bootstrapGlobally()` additionally routes library metrics into
/// this registry; it runs at most once per process (`MetricsSystem.bootstrap` traps on a second call).
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    /// Entries in the journal (durable).
    let journalEntries: Meter
    /// Commands refused by the ledger or the signature check, by reason code.
    let commandsRejected: @Sendable (String) -> CoreMetrics.Counter
    let commandsAccepted: CoreMetrics.Counter
    /// Readings by outcome; rejected ones by reason code (`ReadingRejection.Code`).
    let readingsAccepted: CoreMetrics.Counter
    let readingsAlreadyRecorded: CoreMetrics.Counter
    let readingsRejected: @Sendable (String) -> CoreMetrics.Counter
    /// Time to handle one reading request (decode, verify, decide, durable commit), by endpoint.
    let readingBatches: @Sendable (String, Duration) -> Void

    public init() {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        self.registry = registry
        self.factory = factory
        journalEntries = Meter(label: "helio_journal_entries", factory: factory)
        commandsAccepted = CoreMetrics.Counter(label: "helio_commands_accepted_total", factory: factory)
        commandsRejected = { reason in
            CoreMetrics.Counter(
                label: "helio_commands_rejected_total", dimensions: [("reason", reason)], factory: factory)
        }
        readingsAccepted = CoreMetrics.Counter(
            label: "helio_readings_total", dimensions: [("outcome", "accepted")], factory: factory)
        readingsAlreadyRecorded = CoreMetrics.Counter(
            label: "helio_readings_total", dimensions: [("outcome", "already_recorded")], factory: factory)
        readingsRejected = { reason in
            CoreMetrics.Counter(
                label: "helio_readings_rejected_total", dimensions: [("reason", reason)], factory: factory)
        }
        readingBatches = { endpoint, duration in
            let (seconds, attoseconds) = duration.components
            CoreMetrics.Timer(
                label: "helio_reading_batch_duration_seconds", dimensions: [("endpoint", endpoint)], factory: factory
            )
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        }
    }

    /// Counter and latency histogram of one handled request.
    func recordRequest(method: String, route: String, status: Int, nanoseconds: UInt64) {
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        CoreMetrics.Counter(label: "helio_http_requests_total", dimensions: dimensions, factory: factory).increment()
        CoreMetrics.Timer(
            label: "helio_http_request_duration_seconds", dimensions: [("route", route)], factory: factory
        )
        .recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// One answered JSON-RPC request: `helio_rpc_requests_total{method, outcome}`, outcome `result` or the
    /// error code. Unknown method names count as "other" (a label from the request would let any client
    /// create series without bound).
    func recordRPC(method: String, known: Bool, errorCode: Int?) {
        CoreMetrics.Counter(
            label: "helio_rpc_requests_total",
            dimensions: [("method", known ? method : "other"), ("outcome", errorCode.map(String.init) ?? "result")],
            factory: factory
        ).increment()
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] { registry.emitToBuffer() }

    private static let bootstrapped = OnceFlag()

    /// Makes this registry the process-wide swift-metrics backend, unless one was already installed.
    /// Returns whether it did.
    @discardableResult
    public func bootstrapGlobally() -> Bool {
        let first = Self.bootstrapped.claim()
        if first { MetricsSystem.bootstrap(factory) }
        return first
    }
}

/// True exactly once per process, whichever thread asks first.
private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
