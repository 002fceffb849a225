import HelioCrypto
import Hummingbird
import NIOCore

/// `POST /rpc`: the Ethereum JSON-RPC endpoint (issue 6), single requests and batches.
///
/// The envelope is JSON-RPC 2.0: "jsonrpc": "2.0", the request's id echoed, exactly one of result and
/// error. Bad JSON is -32700 with id null; a batch is answered in order, one reply per request that has
/// an id (notifications get none; a body of notifications only gets 204). A run of consecutive
/// `eth_sendRawTransaction` requests in a batch is submitted to the writer together — recovered on all
/// cores, committed as one group — which is how a client that batches its transactions gets the
/// registry's full throughput.
struct RPCController<Context: RequestContext>: Sendable {
    let rpc: EthereumRPC
    let metrics: ServerMetrics
    let maxBodyBytes: Int
    /// Most requests in one batch (geth's default is 1,000; a batch of transfers may be larger).
    static var maxBatch: Int { 10_000 }

    func addRoutes(to router: Router<Context>) {
        router.post("rpc", use: handle)
    }

    @Sendable func handle(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let reply: JSONValue?
        do {
            let document = try JSONValue(parsing: Array(body.readableBytesView))
            reply = try await answer(document)
        } catch let error as RPCError {
            reply = Self.envelope(id: .null, .failure(error))
        } catch let error as CryptoError {
            reply = Self.envelope(id: .null, .failure(.parse(error.message)))
        }
        guard let reply else { return Response(status: .noContent) }  // notifications only: nothing to say
        let bytes = reply.serialized
        return Response(
            status: .ok, headers: [.contentType: "application/json", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func answer(_ document: JSONValue) async throws -> JSONValue? {
        guard case .array(let requests) = document else {
            return try await answerBatch([document]).first ?? nil
        }
        guard !requests.isEmpty else { return Self.envelope(id: .null, .failure(.invalidRequest("empty batch"))) }
        guard requests.count <= Self.maxBatch else {
            return Self.envelope(id: .null, .failure(.invalidRequest("more than \(Self.maxBatch) requests in a batch")))
        }
        let replies = try await answerBatch(requests).compactMap { $0 }
        return replies.isEmpty ? nil : .array(replies)
    }

    /// One reply per request (nil for a notification), in order.
    private func answerBatch(_ requests: [JSONValue]) async throws -> [JSONValue?] {
        var replies: [JSONValue?] = []
        replies.reserveCapacity(requests.count)
        var sends: [(id: JSONValue?, raw: Result<[UInt8], RPCError>)] = []
        func flushSends() async throws {
            guard !sends.isEmpty else { return }
            let results = try await rpc.sendRawTransactions(sends.map(\.raw))
            for (send, result) in zip(sends, results) {
                record("eth_sendRawTransaction", result)
                replies.append(send.id.map { Self.envelope(id: $0, result) })
            }
            sends = []
        }
        for request in requests {
            let parsed: ParsedRequest
            do { parsed = try ParsedRequest(request) } catch {
                try await flushSends()
                replies.append(Self.envelope(id: ParsedRequest.readableID(request) ?? .null, .failure(error)))
                continue
            }
            if parsed.method == "eth_sendRawTransaction" {
                sends.append((parsed.id, Result { () throws(RPCError) in try rpc.rawTransactionParam(parsed.params) }))
                continue
            }
            try await flushSends()
            let result: Result<JSONValue, RPCError>
            do { result = .success(try await rpc.call(parsed.method, parsed.params)) } catch let error as RPCError {
                result = .failure(error)
            }
            record(parsed.method, result)
            replies.append(parsed.id.map { Self.envelope(id: $0, result) })
        }
        try await flushSends()
        return replies
    }

    private func record(_ method: String, _ result: Result<JSONValue, RPCError>) {
        var code: Int? = nil
        if case .failure(let error) = result { code = error.code }
        metrics.recordRPC(method: method, known: EthereumRPC.methods.contains(method), errorCode: code)
    }

    static func envelope(id: JSONValue, _ result: Result<JSONValue, RPCError>) -> JSONValue {
        switch result {
        case .success(let value): .object([.init("jsonrpc", "2.0"), .init("id", id), .init("result", value)])
        case .failure(let error): .object([.init("jsonrpc", "2.0"), .init("id", id), .init("error", error.json)])
        }
    }
}

/// One request object, checked: "jsonrpc": "2.0", a string method, an id that is a string, a number or
/// null (absent = a notification, which gets no reply).
struct ParsedRequest {
    let id: JSONValue?
    let method: String
    let params: JSONValue?

    init(_ value: JSONValue) throws(RPCError) {
        guard case .object = value else { throw .invalidRequest("a request must be a JSON object") }
        guard value["jsonrpc"] == .string("2.0") else { throw .invalidRequest("\"jsonrpc\" must be \"2.0\"") }
        guard case .string(let method)? = value["method"] else { throw .invalidRequest("\"method\" must be a string") }
        switch value["id"] {
        case nil, .null?, .string?, .number?: id = value["id"]
        default: throw .invalidRequest("\"id\" must be a string, a number or null")
        }
        self.method = method
        params = value["params"]
    }

    /// The id of a request that is not valid otherwise, when it has a usable one (echoed in the error).
    static func readableID(_ value: JSONValue) -> JSONValue? {
        switch value["id"] {
        case .string?, .number?: value["id"]
        default: nil
        }
    }
}
