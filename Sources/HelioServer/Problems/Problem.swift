import Foundation
import Hummingbird

/// An RFC 9457 problem detail: the body of every error response, served as `application/problem+json`.
///
/// `code` is stable (clients switch on it); `type` is the URI built from it. Problems are made only at
/// the HTTP edge, from domain errors (`Problem+Mapping.swift`): inner layers never think in statuses.
public struct Problem: Error, Sendable, Hashable, Codable {
    /// Where problem type URIs live; `type` = base + code.
    public static let typeBase = "https://helio.example/problems/"

    public let type: String
    public let title: String
    /// The HTTP status code, repeated in the body as RFC 9457 asks.
    public let statusCode: Int
    public let detail: String
    /// The stable code (`type` without its base), repeated as an extension member for convenience.
    public let code: String

    public init(code: String, status: HTTPResponse.Status, title: String, detail: String) {
        self.type = Self.typeBase + code
        self.title = title
        self.statusCode = status.code
        self.detail = detail
        self.code = code
    }

    public static let mediaType = "application/problem+json"

    enum CodingKeys: String, CodingKey {
        case type, title, detail, code
        case statusCode = "status"
    }
}

extension Problem: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        return Response(
            status: status,
            headers: [.contentType: Self.mediaType, .contentLength: String(data.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
