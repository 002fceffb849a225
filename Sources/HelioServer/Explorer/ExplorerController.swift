import HTTPTypes
import Hummingbird

/// The explorer: `GET /` (the single-page app) and `GET /explorer/{file}` (its scripts, styles and icon).
/// Everything the pages show they fetch from the public API (`/v1/…`, `/events`); nothing is loaded from
/// another origin, and the page's Content-Security-Policy forbids it, so the explorer works offline.
struct ExplorerController<Context: RequestContext>: Sendable {
    let assets: ExplorerAssets

    func addRoutes(to router: Router<Context>) {
        // "" is the root path `/`.
        router.get("", use: index)
        router.get("explorer/:file", use: file)
    }

    @Sendable func index(_ request: Request, context: Context) async throws -> Response {
        try serve(ExplorerAssets.indexName, request)
    }

    @Sendable func file(_ request: Request, context: Context) async throws -> Response {
        try serve(try context.parameters.require("file"), request)
    }

    /// The file, or 304 when the client's copy is current (`If-None-Match`), or a 404 problem for any
    /// name that is not one of the loaded files (a traversal attempt is just an unknown name).
    private func serve(_ name: String, _ request: Request) throws -> Response {
        guard let file = assets.files[name] else {
            throw Problem(
                code: "not_found", status: .notFound, title: "Not found", detail: "no explorer file \(name)")
        }
        var headers: HTTPFields = [
            .contentType: file.contentType, .eTag: file.etag,
            // Revalidate every time (cheap: a 304): a new server version shows at once.
            .cacheControl: "no-cache", HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ]
        if file.contentType.hasPrefix("text/html") {
            headers[HTTPField.Name("Content-Security-Policy")!] = ExplorerAssets.contentSecurityPolicy
            headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        }
        let tags = request.headers[.ifNoneMatch]?.split(separator: ",").map { $0.trimmingSpaces } ?? []
        if tags.contains(file.etag) || tags.contains("*") {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.bytes))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
