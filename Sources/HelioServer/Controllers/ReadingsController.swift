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
        do { signed = try ReadingWire.signedReadings(body) } catch { throw Problem.badRequest("malformed_body", error.message) }
        let results = try await registry.writer.ingest(signed)
        record(results, endpoint: "readings", since: started)
        return try ReadingsReply(results).response(from: request, context: context)
    }

    @Sendable func batch(_ request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let body = try await parse(request)
        let parsed: (batch: SignedReadingBatch, root: [UInt8]?)
        do { parsed = try ReadingWire.batch(body) } catch { throw Problem.badRequest("malformed_body", error.message) }
        let (root, results) = try await registry.writer.ingest(batch: parsed.batch)
        if let claimed = parsed.root, claimed != root {
            // Checked after recovery only to report the computed root; nothing was accepted under a wrong
            // root because the signature is checked against the computed one.
            metrics.readingBatches("reading-batches", ContinuousClock.now - started)
            throw Problem(
                code: "batch_root_mismatch", status: .unprocessableContent, title: "Batch root mismatch",
                detail: "the readings' Merkle root is \(Hex.encode(root, prefixed: true)), the request says "
                    + Hex.encode(claimed, prefixed: true))
        }
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

/// The reply to both reading endpoints.
struct ReadingsReply: ResponseEncodable {
    struct Issued: Encodable, Sendable {
        let device: String
        let energyWh: UInt64
        /// SUN base units minted to the owner (decimal string).
        let reward: String
        let owner: String
    }

    struct PeriodView: Encodable, Sendable {
        let attestations: Int
        let quorum: Int
        let issued: Bool
        let disputed: Bool
        init(_ p: PeriodStatus) {
            (attestations, quorum, issued, disputed) = (p.attestations, p.quorum, p.issued, p.disputed)
        }
    }

    struct Item: Encodable, Sendable {
        let index: Int
        let id: String
        let oracle: String?
        /// accepted | already_recorded | rejected
        let outcome: String
        let reason: String?
        let detail: String?
        let entry: UInt64?
        let period: PeriodView?
        let issued: Issued?
    }

    var results: [Item]
    var accepted: Int
    var alreadyRecorded: Int
    var rejected: Int
    var root: String?
    var oracle: String?

    init(_ results: [ReadingResult]) {
        var items: [Item] = []
        var counts = (0, 0, 0)
        for (i, r) in results.enumerated() {
            let id = Hex.encode(r.id, prefixed: true)
            let oracle = r.oracle?.checksummed
            switch r.verdict {
            case .accepted(let period, let issuance):
                counts.0 += 1
                items.append(
                    Item(
                        index: i, id: id, oracle: oracle, outcome: "accepted", reason: nil, detail: nil, entry: r.entry,
                        period: PeriodView(period),
                        issued: issuance.map {
                            Issued(
                                device: $0.device, energyWh: $0.energyWh, reward: $0.reward.description,
                                owner: $0.owner.checksummed)
                        }))
            case .alreadyRecorded(let period):
                counts.1 += 1
                items.append(
                    Item(
                        index: i, id: id, oracle: oracle, outcome: "already_recorded", reason: nil, detail: nil,
                        entry: nil, period: PeriodView(period), issued: nil))
            case .rejected(let why):
                counts.2 += 1
                items.append(
                    Item(
                        index: i, id: id, oracle: oracle, outcome: "rejected", reason: why.code.rawValue,
                        detail: why.message, entry: nil, period: nil, issued: nil))
            }
        }
        self.results = items
        (accepted, alreadyRecorded, rejected) = counts
    }
}
