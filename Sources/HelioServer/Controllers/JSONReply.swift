import HelioCrypto
import Hummingbird

/// A reply already built as a `JSONValue` (records shared with statements, `CertificateJSON`), written
/// with HelioCrypto's JSON writer so keys keep their order.
struct JSONReply: ResponseGenerator {
    let json: JSONValue
    var status: HTTPResponse.Status = .ok

    init(_ json: JSONValue, status: HTTPResponse.Status = .ok) {
        self.json = json
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let bytes = json.serialized
        return Response(
            status: status, headers: [.contentType: "application/json", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
