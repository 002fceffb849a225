import Hummingbird
import Logging

/// Turns every error thrown below it — route errors, decoding errors, the router's own 404 — into a
/// problem+json response, and logs server-side failures with their full message.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem(error)
            if problem.statusCode >= 500 {
                context.logger.error(
                    "request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            } else {
                context.logger.debug("request refused", metadata: ["code": "\(problem.code)"])
            }
            return try problem.response(from: request, context: context)
        }
    }
}
