import Foundation

/// Request bodies: decoded once at the edge; any failure is the client's (400 `malformed_body`).
enum JSONBody {
    /// Whether the first non-blank byte opens a JSON array.
    static func isArray(_ bytes: [UInt8]) -> Bool {
        bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "[")
    }

    /// Decodes `bytes`; every error thrown while decoding (syntax, a missing field, a bad hex string or
    /// asset id inside a value) becomes a 400 problem naming where it happened.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw Problem.badRequest("malformed_body", describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty
                ? "the body" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case DecodingError.valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        case DecodingError.dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            return "\(path(context.codingPath)): \(context.debugDescription)\(underlying)"
        default:
            return "\(error)"
        }
    }
}
