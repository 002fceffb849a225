import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// Cancellations and their statements: `POST /v1/cancellations` (a signed `CancelCertificate` and the
/// beneficiary's opening), `GET /v1/cancellations`, `GET /v1/cancellations/{id}`,
/// `GET /v1/cancellations/{id}/statement`, and `GET /v1/statements?beneficiary=&from=&to=` (aggregate).
struct CancellationsController<Context: RequestContext>: Sendable {
    let registry: Registry
    let metrics: ServerMetrics
    let limits: ServerConfiguration.Limits

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("cancellations", use: cancel)
        group.get("cancellations", use: list)
        group.get("cancellations/:id", use: show)
        group.get("cancellations/:id/statement", use: statement)
        group.get("statements", use: aggregate)
    }

    struct CancelRequest: Decodable {
        let command: SignedCommand
        let beneficiary: BeneficiaryOpening
    }

    @Sendable func cancel(_ request: Request, context: Context) async throws -> JSONReply {
        let body = try await request.body.collect(upTo: limits.maxBodyBytes)
        let parsed = try JSONBody.decode(CancelRequest.self, from: Array(body.readableBytesView))
        guard case .cancelCertificate = parsed.command.command else {
            throw Problem.badRequest("not_a_cancellation", "command.kind must be CancelCertificate")
        }
        let prepared = try PreparedCommand(parsed.command, domain: registry.domain, opening: parsed.beneficiary)
        let result = try await registry.writer.submit([prepared])[0]
        switch result {
        case .success: metrics.commandsAccepted.increment()
        case .failure(let e): metrics.commandsRejected(e.code.rawValue).increment()
        }
        let receipt = try result.get()
        let c = await registry.writer.read { $0.certificates.cancellations[receipt.index] }
        return JSONReply(
            .object([
                .init("id", .string(String(receipt.index))), .init("entryIndex", .integer(receipt.index)),
                .init("leafHash", .string(Hex.encode(receipt.leafHash, prefixed: true))),
                .init("part", .string(c?.part ?? "")), .init("lot", .string(c?.lot ?? "")),
                .init("statement", .string("/v1/cancellations/\(receipt.index)/statement")),
            ]), status: .created)
    }

    /// `?holder=&limit=`: newest first.
    @Sendable func list(_ request: Request, context: Context) async throws -> JSONReply {
        let holder = try request.uri.queryParameters.get("holder").map { text in
            guard let a = try? Address(text) else {
                throw Problem.badRequest("invalid_query", "holder \(text) is not an address")
            }
            return a
        }
        let limit = try DevicesController<Context>.limit(request)
        let items = await registry.writer.read { s in
            s.certificates.cancellations.values.filter { holder == nil || $0.holder == holder }
                .sorted { $0.entry > $1.entry }.prefix(limit).map(CertificateJSON.cancellation)
        }
        return JSONReply(.object([.init("cancellations", .array(Array(items)))]))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> JSONReply {
        let id = try Self.id(context)
        guard let c = await registry.writer.read({ $0.certificates.cancellations[id] }) else {
            throw StatementError(code: .notFound, message: "no cancellation \(id)")
        }
        return JSONReply(CertificateJSON.cancellation(c))
    }

    @Sendable func statement(_ request: Request, context: Context) async throws -> JSONReply {
        JSONReply(try await StatementBuilder(registry: registry).cancellation(try Self.id(context)))
    }

    @Sendable func aggregate(_ request: Request, context: Context) async throws -> JSONReply {
        let q = request.uri.queryParameters
        guard let name = q.get("beneficiary"), !name.isEmpty else {
            throw Problem.badRequest("invalid_query", "beneficiary (the beneficiary's name) is required")
        }
        let from = try CertificatesController<Context>.time(q.get("from"), "from") ?? 0
        // No `to`: no upper bound, kept within 2^53 so JavaScript reads the echoed value exactly.
        let to = try CertificatesController<Context>.time(q.get("to"), "to") ?? (1 << 53) - 1
        guard from < to else { throw Problem.badRequest("invalid_query", "from must be before to") }
        return JSONReply(
            try await StatementBuilder(registry: registry).aggregate(beneficiary: name, from: from, to: to))
    }

    static func id(_ context: Context) throws -> UInt64 {
        let text = try context.parameters.require("id")
        guard let id = UInt64(text) else {
            throw Problem.badRequest("invalid_id", "a cancellation id is its entry index (an unsigned integer)")
        }
        return id
    }
}
