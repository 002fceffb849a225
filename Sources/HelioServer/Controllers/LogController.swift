import HelioCrypto
import HelioLog
import HelioRegistry
import Hummingbird

/// `GET /v1/log/checkpoint` (the latest signed checkpoint), `GET /v1/log/proof?index=&size=` (an RFC 9162
/// inclusion proof, to check against a checkpoint of that size) and `GET /v1/log/consistency?from=&to=` (an
/// RFC 9162 consistency proof: the tree of `from` entries is a prefix of the tree of `to`, to check between
/// two signed checkpoints).
struct LogController<Context: RequestContext>: Sendable {
    let registry: Registry

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("log/checkpoint", use: checkpoint)
        group.get("log/proof", use: proof)
        group.get("log/consistency", use: consistency)
    }

    struct CheckpointView: ResponseEncodable {
        /// The signed note text, exactly as witnesses and `helio log verify` read it.
        let text: String
        let signedCheckpoint: SignedCheckpoint
        /// Witnesses' co-signatures of this checkpoint (`Cosignature`), verified when received.
        let cosignatures: [CosignatureView]
    }

    struct CosignatureView: Encodable {
        let witness: String
        let timestamp: Int64
        let signature: String

        init(_ c: Cosignature) {
            (witness, timestamp, signature) = (
                c.witness.checksummed, c.timestamp, Hex.encode(c.signature.bytes, prefixed: true)
            )
        }
    }

    /// JSON by default; the signed note alone as text/plain when the client asks for it.
    @Sendable func checkpoint(_ request: Request, context: Context) async throws -> Response {
        let store = registry.store
        guard let latest = try await Blocking.run({ try store.latestCheckpoint() }) else {
            throw Problem(
                code: "no_checkpoint", status: .notFound, title: "No checkpoint",
                detail: "the registry has not signed a checkpoint yet")
        }
        let accept = request.headers[.accept] ?? ""
        if accept.contains("text/plain"), !accept.contains("json") {
            let text = latest.text
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8", .contentLength: String(text.utf8.count)],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let size = latest.checkpoint.treeSize
        let cosignatures = try await Blocking.run { try store.cosignatures(treeSize: size) }
        return try CheckpointView(
            text: latest.text, signedCheckpoint: latest, cosignatures: cosignatures.map(CosignatureView.init)
        ).response(from: request, context: context)
    }

    struct ProofView: ResponseEncodable {
        let index: UInt64
        let treeSize: UInt64
        let leafHash: String
        /// Sibling hashes from the leaf up (`Merkle.verifyInclusion` order).
        let auditPath: [String]
    }

    @Sendable func proof(_ request: Request, context: Context) async throws -> ProofView {
        let query = request.uri.queryParameters
        guard let index = query.get("index", as: UInt64.self) else {
            throw Problem.badRequest("invalid_query", "index (a leaf index, unsigned integer) is required")
        }
        let requested = try Self.treeSize(request, "size")
        // Store reads block on SQLite: run them off the event loop.
        let store = registry.store
        let (size, path, leaf) = try await Blocking.run { () throws -> (UInt64, [[UInt8]], [UInt8]) in
            let size = try requested ?? store.journalSize()
            let path = try store.inclusionProof(index: index, treeSize: size)
            guard let leaf = try store.entries(from: index, limit: 1).first?.leafHash else {
                throw LogError(.indexOutOfRange, "no entry \(index)")
            }
            return (size, path, leaf)
        }
        return ProofView(
            index: index, treeSize: size, leafHash: Hex.encode(leaf, prefixed: true),
            auditPath: path.map { Hex.encode($0, prefixed: true) })
    }

    struct ConsistencyView: ResponseEncodable {
        let fromSize: UInt64
        let toSize: UInt64
        /// RFC 9162 §2.1.4 order (`Merkle.verifyConsistency`).
        let proof: [String]
    }

    @Sendable func consistency(_ request: Request, context: Context) async throws -> ConsistencyView {
        let query = request.uri.queryParameters
        guard let fromText = query.get("from"), let from = UInt64(fromText) else {
            throw Problem.badRequest("invalid_query", "from (the older tree size, unsigned integer) is required")
        }
        let requested = try Self.treeSize(request, "to")
        let store = registry.store
        let (to, proof) = try await Blocking.run { () throws -> (UInt64, [[UInt8]]) in
            let size = try store.journalSize()
            let to = requested ?? size
            guard to <= size else {
                throw LogError(.sizeBeyondTree, "to \(to) is beyond the journal's \(size) entries")
            }
            guard from <= to else { throw LogError(.invalidSizes, "from \(from) is larger than to \(to)") }
            return (to, try store.consistencyProof(oldSize: from, newSize: to))
        }
        return ConsistencyView(fromSize: from, toSize: to, proof: proof.map { Hex.encode($0, prefixed: true) })
    }

    /// An optional tree-size parameter: absent is nil, anything but an unsigned integer is 400.
    private static func treeSize(_ request: Request, _ name: String) throws -> UInt64? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = UInt64(text) else {
            throw Problem.badRequest("invalid_query", "\(name) must be an unsigned integer (a tree size)")
        }
        return value
    }
}
