import HelioCrypto
import Hummingbird
import ServiceLifecycle

/// `GET /events`: the journal as server-sent events (docs/live-events.md).
///
/// `?account=0x…` keeps only the entries that touched that account; `?from=<index>` (or the
/// `Last-Event-ID` header an EventSource sends when it reconnects, meaning "after this one") starts with
/// the entries still in the server's buffer.
struct EventsController<Context: RequestContext>: Sendable {
    let events: LiveEvents

    func addRoutes(to router: Router<Context>) {
        router.get("events", use: stream)
    }

    @Sendable func stream(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        var from: UInt64? = nil
        if let text = query.get("from") {
            guard let value = UInt64(text) else {
                throw Problem.badRequest("invalid_query", "from must be an entry index (unsigned integer)")
            }
            from = value
        } else if let text = request.headers.first(where: { $0.name.canonicalName == "last-event-id" })?.value {
            guard let last = UInt64(text), last < UInt64.max else {
                throw Problem.badRequest("invalid_header", "Last-Event-ID must be an entry index")
            }
            from = last + 1
        }
        var account: Address? = nil
        if let text = query.get("account") {
            guard let address = try? Address(text) else {
                throw Problem.badRequest("invalid_address", "account \(text) is not an address")
            }
            account = address
        }
        let frames = events.subscribe(from: from, account: account)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            // A graceful shutdown of the server ends the response (the server waits for open ones).
            for await frame in frames.cancelOnGracefulShutdown() {
                switch frame {
                case .text(let text): try await writer.write(ByteBuffer(string: text))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: body)
    }
}
