import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// `POST /v1/readings` (individually signed readings) and `POST /v1/reading-batches` (one signature
/// over the Merkle root of many readings).
///
/// A well-formed request gets 200 with one result per reading, in order: `accepted`, `already_recorded`
/// (re-sending is idempotent) or `rejected` with a stable `reason`. A body that does not match the
/// schema is refused whole (400 problem+json) and changes nothing.
struct ReadingsController<Context: RequestContext>: Sendable {
    let registry: Registry
    let metrics: ServerMetrics
    let limits: ServerConfiguration.Limits

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("readings", use: readings)
        group.post("reading-batches", use: batch)
    }

    @Sendable func readings(_ request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let body = try await parse(request)
        let signed: [SignedReading]
        do { signed = try ReadingWire.signedReadings(body) } catch {
            throw Problem.badRequest("malformed_body", error.message)
        }
        let results = try await registry.writer.ingest(signed)
        record(results, endpoint: "readings", since: started)
        return try ReadingsReply(results).response(from: request, context: context)
    }

    @Sendable func batch(_ request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let body = try await parse(request)
        let parsed: (batch: SignedReadingBatch, root: [UInt8]?)
        do { parsed = try ReadingWire.batch(body) } catch { throw Problem.badRequest("malformed_body", error.message) }
        let (root, results) = try await registry.writer.ingest(batch: parsed.batch, claimedRoot: parsed.root)
        record(results, endpoint: "reading-batches", since: started)
        var reply = ReadingsReply(results)
        reply.root = Hex.encode(root, prefixed: true)
        reply.oracle = results.first?.oracle?.checksummed
        return try reply.response(from: request, context: context)
    }

    private func parse(_ request: Request) async throws -> JSONValue {
        let body = try await request.body.collect(upTo: limits.maxBodyBytes)
        do { return try JSONValue(parsing: Array(body.readableBytesView)) } catch {
            throw Problem.badRequest("malformed_body", error.message)
        }
    }

    private func record(_ results: [ReadingResult], endpoint: String, since started: ContinuousClock.Instant) {
        var accepted = 0
        var again = 0
        var rejected: [String: Int] = [:]
        for r in results {
            switch r.verdict {
            case .accepted: accepted += 1
            case .alreadyRecorded: again += 1
            case .rejected(let why): rejected[why.code.rawValue, default: 0] += 1
            }
        }
        metrics.readingsAccepted.increment(by: Int64(accepted))
        metrics.readingsAlreadyRecorded.increment(by: Int64(again))
        for (reason, n) in rejected { metrics.readingsRejected(reason).increment(by: Int64(n)) }
        metrics.readingBatches(endpoint, ContinuousClock.now - started)
    }
}

/// The reply to both reading endpoints, written with HelioCrypto's JSON writer: a reply carries up to
/// 10,000 results, and Foundation's encoder would cost about as much per result as the signature check.
struct ReadingsReply: ResponseGenerator {
    var results: [ReadingResult]
    var root: String?
    var oracle: String?

    init(_ results: [ReadingResult]) { self.results = results }

    var json: JSONValue {
        var items: [JSONValue] = []
        items.reserveCapacity(results.count)
        var counts = (0, 0, 0)
        // EIP-55 costs a keccak per address: once per address, not once per reading.
        var checksummed: [Address: JSONValue] = [:]
        func text(_ a: Address) -> JSONValue {
            if let t = checksummed[a] { return t }
            let t = JSONValue.string(a.checksummed)
            checksummed[a] = t
            return t
        }
        for (i, r) in results.enumerated() {
            var m: [JSONValue.Member] = [
                .init("index", .integer(i)), .init("id", .string(Hex.encode(r.id, prefixed: true))),
            ]
            if let o = r.oracle { m.append(.init("oracle", text(o))) }
            switch r.verdict {
            case .accepted(let period, let issuance):
                counts.0 += 1
                m.append(.init("outcome", "accepted"))
                if let e = r.entry { m.append(.init("entry", .integer(e))) }
                m.append(.init("period", Self.json(period)))
                if let i = issuance {
                    m.append(
                        .init(
                            "issued",
                            .object([
                                .init("device", .string(i.device)), .init("energyWh", .integer(i.energyWh)),
                                .init("reward", .string(i.reward.description)),
                                .init("owner", text(i.owner)),
                            ])))
                }
            case .alreadyRecorded(let period):
                counts.1 += 1
                m.append(.init("outcome", "already_recorded"))
                m.append(.init("period", Self.json(period)))
            case .rejected(let why):
                counts.2 += 1
                m.append(.init("outcome", "rejected"))
                m.append(.init("reason", .string(why.code.rawValue)))
                m.append(.init("detail", .string(why.message)))
            }
            items.append(.object(m))
        }
        var top: [JSONValue.Member] = [
            .init("results", .array(items)), .init("accepted", .integer(counts.0)),
            .init("alreadyRecorded", .integer(counts.1)), .init("rejected", .integer(counts.2)),
        ]
        if let root { top.append(.init("root", .string(root))) }
        if let oracle { top.append(.init("oracle", .string(oracle))) }
        return .object(top)
    }

    static func json(_ p: PeriodStatus) -> JSONValue {
        .object([
            .init("attestations", .integer(p.attestations)), .init("quorum", .integer(p.quorum)),
            .init("issued", .bool(p.issued)), .init("disputed", .bool(p.disputed)),
        ])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let bytes = json.serialized
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
