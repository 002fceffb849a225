import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// `POST /v1/commands`: one `SignedCommand` (JSON object) or an array of them.
///
/// One command: its receipt, or a problem+json for the reason it was refused. An array: 200 with one
/// result per command, in order, each accepted with its receipt or rejected with its problem; refused
/// commands change nothing and do not stop the ones after them.
struct CommandsController<Context: RequestContext>: Sendable {
    let registry: Registry
    let metrics: ServerMetrics
    let limits: ServerConfiguration.Limits

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("commands", use: submit)
    }

    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.body.collect(upTo: limits.maxBodyBytes)
        let bytes = Array(body.readableBytesView)
        if JSONBody.isArray(bytes) {
            let commands = try JSONBody.decode([SignedCommand].self, from: bytes)
            guard !commands.isEmpty else { throw Problem.badRequest("empty_batch", "the array holds no command") }
            guard commands.count <= limits.maxCommandsPerRequest else {
                throw Problem.bodyTooLarge(
                    "\(commands.count) commands in one request; at most \(limits.maxCommandsPerRequest)")
            }
            try Self.refuseCancellations(commands)
            let results = try await registry.submit(commands)
            record(results)
            return try BatchReply(results: results.map(CommandResult.init)).response(from: request, context: context)
        }
        let command = try JSONBody.decode(SignedCommand.self, from: bytes)
        try Self.refuseCancellations([command])
        let result = try await registry.submit([command])[0]
        record([result])
        return try ReceiptView(try result.get()).response(from: request, context: context)
    }

    /// A cancellation needs its beneficiary's opening beside it (`POST /v1/cancellations`): without one,
    /// its statement could never name the beneficiary.
    static func refuseCancellations(_ commands: [SignedCommand]) throws {
        for c in commands {
            if case .cancelCertificate = c.command {
                throw Problem(
                    code: "opening_required", status: .unprocessableContent, title: "Command refused",
                    detail: "a CancelCertificate goes to POST /v1/cancellations with the beneficiary's opening")
            }
        }
    }

    private func record(_ results: [Result<Receipt, LedgerError>]) {
        for result in results {
            switch result {
            case .success: metrics.commandsAccepted.increment()
            case .failure(let error): metrics.commandsRejected(error.code.rawValue).increment()
            }
        }
    }
}

extension CommandsController {
    struct ReceiptView: ResponseEncodable {
        let index: UInt64
        let leafHash: String
        let author: String
        let events: [EventView]

        init(_ r: Receipt) {
            index = r.index
            leafHash = Hex.encode(r.leafHash, prefixed: true)
            author = r.author.checksummed
            events = r.events.map(EventView.init)
        }
    }

    /// One entry of a batch reply: `accepted` with the receipt's fields, or not with `error`.
    struct CommandResult: Encodable, Sendable {
        let accepted: Bool
        let receipt: ReceiptView?
        let error: Problem?

        init(_ result: Result<Receipt, LedgerError>) {
            switch result {
            case .success(let r): (accepted, receipt, error) = (true, ReceiptView(r), nil)
            case .failure(let e): (accepted, receipt, error) = (false, nil, Problem(ledger: e))
            }
        }
    }

    struct BatchReply: ResponseEncodable {
        let results: [CommandResult]
    }
}
