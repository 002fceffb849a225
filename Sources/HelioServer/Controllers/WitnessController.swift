import HelioCrypto
import HelioLedger
import HelioLog
import HelioRegistry
import HelioStore
import Hummingbird

/// What a witness needs from a registry, beside the checkpoint and proofs of `LogController`:
/// `GET /v1/log/entries?from=&limit=` (the journal itself, page by page, each entry as its fields — the
/// same form statements carry — and its stored leaf hash) and `POST /v1/log/cosignatures` (a witness's
/// co-signature of a stored checkpoint; verified before it is kept, served with the checkpoint after).
struct WitnessController<Context: RequestContext>: Sendable {
    let registry: Registry
    let limits: ServerConfiguration.Limits

    static var maxPage: Int { 1_000 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("log/entries", use: entries)
        group.post("log/cosignatures", use: cosign)
    }

    @Sendable func entries(_ request: Request, context: Context) async throws -> JSONReply {
        let query = request.uri.queryParameters
        guard let fromText = query.get("from"), let from = UInt64(fromText) else {
            throw Problem.badRequest("invalid_query", "from (the first entry index, unsigned integer) is required")
        }
        var limit = Self.maxPage
        if let text = query.get("limit") {
            guard let value = Int(text), (1...Self.maxPage).contains(value) else {
                throw Problem.badRequest("invalid_query", "limit must be an integer from 1 to \(Self.maxPage)")
            }
            limit = value
        }
        let store = registry.store
        let pageSize = limit
        let (page, size) = try await Blocking.run {
            (try store.entries(from: from, limit: pageSize), try store.journalSize())
        }
        let items: [JSONValue] = page.map { entry, leaf in
            var object = CertificateJSON.entry(entry)
            if case .object(var members) = object {
                members.append(.init("leafHash", .string(Hex.encode(leaf, prefixed: true))))
                object = .object(members)
            }
            return object
        }
        return JSONReply(.object([.init("treeSize", .integer(size)), .init("entries", .array(items))]))
    }

    struct CosignRequest: Decodable {
        let treeSize: UInt64
        let witness: String
        let timestamp: Int64
        let signature: String
    }

    @Sendable func cosign(_ request: Request, context: Context) async throws -> JSONReply {
        let body = try await request.body.collect(upTo: limits.maxBodyBytes)
        let parsed = try JSONBody.decode(CosignRequest.self, from: Array(body.readableBytesView))
        let cosignature: Cosignature
        do {
            cosignature = Cosignature(
                treeSize: parsed.treeSize, witness: try Address(parsed.witness), timestamp: parsed.timestamp,
                signature: try Secp256k1.Signature(hex: parsed.signature))
        } catch {
            throw Problem.badRequest("invalid_cosignature", "witness must be an address and signature 65 bytes of hex")
        }
        let store = registry.store
        let stored = try await Blocking.run {
            try store.checkpoints().first { $0.checkpoint.treeSize == parsed.treeSize }
        }
        guard let stored else {
            throw Problem(
                code: "unknown_checkpoint", status: .notFound, title: "Unknown checkpoint",
                detail: "the registry signed no checkpoint of tree size \(parsed.treeSize)")
        }
        guard cosignature.verifies(stored.checkpoint) else {
            throw Problem.badRequest(
                "invalid_cosignature",
                "the signature does not recover \(cosignature.witness.checksummed) over this registry's checkpoint "
                    + "of tree size \(parsed.treeSize) (a witness signs `\(Cosignature.header)`, its time, and the body)"
            )
        }
        try await Blocking.run { try store.saveCosignature(cosignature) }
        return JSONReply(
            .object([
                .init("treeSize", .integer(parsed.treeSize)),
                .init("witness", .string(cosignature.witness.checksummed)),
                .init("accepted", .bool(true)),
            ]), status: .created)
    }
}
