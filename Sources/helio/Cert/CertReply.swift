import Foundation
import HelioCrypto

/// Reading the registry's certificate replies: typed members of a JSON object, where a missing or
/// mistyped member is a one-line `CLIError` naming it.
struct CertFields {
    let value: JSONValue
    /// What is being read, for messages (`part`, `lot GC-3`).
    let what: String

    init(_ value: JSONValue, _ what: String) {
        self.value = value
        self.what = what
    }

    private func bad(_ key: String, _ expected: String) -> CLIError {
        CLIError("the \(what) has no \(expected) \(key)")
    }

    func string(_ key: String) throws -> String {
        guard case .string(let text) = value[key] else { throw bad(key, "text") }
        return text
    }

    /// A string member, or nil when it is absent or `null`.
    func optionalString(_ key: String) -> String? {
        if case .string(let text) = value[key] { return text }
        return nil
    }

    func int(_ key: String) throws -> Int64 {
        guard case .number(let text) = value[key], let number = Int64(text) else { throw bad(key, "integer") }
        return number
    }

    func uint(_ key: String) throws -> UInt64 {
        guard case .number(let text) = value[key], let number = UInt64(text) else {
            throw bad(key, "unsigned integer")
        }
        return number
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard case .array(let items) = value[key] else { throw bad(key, "list") }
        return items
    }

    func object(_ key: String, _ what: String) throws -> CertFields {
        guard let member = value[key], case .object = member else { throw bad(key, "object") }
        return CertFields(member, what)
    }
}

extension HTTPClient.Reply {
    /// The body as JSON when the server answered `status` (201 for a created cancellation); any other
    /// answer is the server's refusal, as a one-line error.
    func json(status expected: Int) throws -> JSONValue {
        guard status == expected else { throw problem() }
        do { return try JSONValue(parsing: body) } catch {
            throw CLIError("the server answered with a body that is not JSON: \(error.message)")
        }
    }
}

/// Small text helpers shared by the `cert` commands.
enum CertText {
    /// A query parameter value, percent-encoded (RFC 3986 unreserved characters stay as they are), so a
    /// beneficiary named "A&B = C" reaches the server whole.
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `2026-06-01T10:00:00Z/2026-06-01T11:00:00Z`: an ISO 8601 time interval, UTC.
    static func period(_ start: Int64, _ end: Int64) -> String {
        "\(UnixTime.iso(start))/\(UnixTime.iso(end))"
    }

    /// Writes `bytes` to `path`, replacing it; a failure is one line naming the file.
    static func write(_ bytes: [UInt8], to path: String) throws {
        do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The contents of `path`; a failure is one line naming the file.
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        return Array(data)
    }

    /// Prints JSON bytes from the server as they came, one document per line.
    static func printJSON(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes) + Data("\n".utf8))
    }
}
