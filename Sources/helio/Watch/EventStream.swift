import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One server-sent event (HTML Living Standard, "Server-sent events": the event stream format).
struct ServerSentEvent: Sendable, Equatable {
    var id: String?
    var event: String = "message"
    var data: String = ""
}

/// The event stream parser: bytes in, complete events out. Lines end in LF, CR LF or CR; `field: value`
/// (one space after the colon dropped); `data` lines join with LF; a blank line dispatches; lines that
/// start with a colon are comments; `retry` and unknown fields are ignored here.
struct EventStreamParser {
    private var line: [UInt8] = []
    private var pending = ServerSentEvent()
    private var hasData = false
    private var lastWasCR = false

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var out: [ServerSentEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0D:
                lastWasCR = true
                if let event = endLine() { out.append(event) }
            case 0x0A:
                if let event = endLine() { out.append(event) }
            default:
                line.append(byte)
            }
        }
        return out
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            defer { (pending, hasData) = (ServerSentEvent(id: pending.id), false) }
            return hasData ? pending : nil
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let field = String(decoding: line[..<(colon ?? line.endIndex)], as: UTF8.self)
        var value = colon.map { line[($0 + 1)...] } ?? []
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        let text = String(decoding: value, as: UTF8.self)
        switch field {
        case "data":
            pending.data = hasData ? pending.data + "\n" + text : text
            hasData = true
        case "event": pending.event = text
        case "id": pending.id = text
        default: break
        }
        return nil
    }
}

/// `GET <url>` as a stream of server-sent events, through URLSession's delegate (which hands over bytes
/// as they arrive). The stream ends when the server closes it; a refused request (not 200 with
/// `text/event-stream`) or a broken connection ends it with an error.
enum EventStream {
    static func open(_ url: URL, lastEventID: String?) -> AsyncThrowingStream<ServerSentEvent, any Error> {
        AsyncThrowingStream { continuation in
            var request = URLRequest(url: url, timeoutInterval: 60)  // idle limit; the server pings every 15 s
            request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
            if let lastEventID { request.setValue(lastEventID, forHTTPHeaderField: "Last-Event-ID") }
            let delegate = Delegate(continuation: continuation)
            let queue = OperationQueue()
            queue.maxConcurrentOperationCount = 1
            let session = URLSession(configuration: .default, delegate: delegate, delegateQueue: queue)
            let task = session.dataTask(with: request)
            continuation.onTermination = { _ in
                task.cancel()
                session.invalidateAndCancel()
            }
            task.resume()
        }
    }

    /// Called on the session's serial queue only.
    private final class Delegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let continuation: AsyncThrowingStream<ServerSentEvent, any Error>.Continuation
        var parser = EventStreamParser()
        var refusal: [UInt8]? = nil

        init(continuation: AsyncThrowingStream<ServerSentEvent, any Error>.Continuation) {
            self.continuation = continuation
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
        ) {
            let http = response as? HTTPURLResponse
            let type = http?.value(forHTTPHeaderField: "Content-Type") ?? ""
            if http?.statusCode != 200 || !type.hasPrefix("text/event-stream") {
                refusal = []  // collect the body: it is the problem+json that says why
            }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            if refusal != nil {
                refusal! += data
                return
            }
            for event in parser.feed(data) { continuation.yield(event) }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            if let refusal {
                let status = (task.response as? HTTPURLResponse)?.statusCode ?? 0
                let reply = HTTPClient.Reply(status: status, contentType: "", body: refusal)
                continuation.finish(throwing: reply.problem())
            } else if let error, (error as? URLError)?.code != .cancelled {
                continuation.finish(throwing: CLIError("the event stream broke: \(error.localizedDescription)"))
            } else {
                continuation.finish()
            }
            session.finishTasksAndInvalidate()
        }
    }
}
