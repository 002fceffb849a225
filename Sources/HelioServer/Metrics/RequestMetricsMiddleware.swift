import Foundation
import Hummingbird

/// Counts every request and records its latency, labelled by route pattern (not the raw path, so
/// `/v1/assets/{id}` is one series, not one per asset). Sits outside `ProblemMiddleware`, so it sees
/// the final status of error responses too.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        metrics.recordRequest(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code,
            nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
        return response
    }
}
