import HelioCrypto
import HelioEthereum
import HelioLedger

/// Positional JSON-RPC params, read strictly: a wrong type or a malformed value is -32602 naming the
/// parameter, never a crash and never a silent default.
struct RPCParams {
    let values: [JSONValue]
    let method: String

    init(_ params: JSONValue?, method: String) throws(RPCError) {
        self.method = method
        switch params {
        case nil, .null?: values = []
        case .array(let items)?: values = items
        default: throw .invalidParams("\(method) takes its params as an array")
        }
    }

    /// Refuses more params than the method takes.
    func atMost(_ count: Int) throws(RPCError) {
        guard values.count <= count else {
            throw .invalidParams("\(method) takes at most \(count) params, got \(values.count)")
        }
    }

    func optional(_ position: Int) -> JSONValue? {
        guard position < values.count, values[position] != .null else { return nil }
        return values[position]
    }

    func required(_ position: Int, _ name: String) throws(RPCError) -> JSONValue {
        guard let value = optional(position) else { throw .invalidParams("missing \(name) (param \(position))") }
        return value
    }

    func string(_ position: Int, _ name: String) throws(RPCError) -> String {
        guard case .string(let text) = try required(position, name) else {
            throw .invalidParams("\(name) must be a string")
        }
        return text
    }

    func bool(_ position: Int, _ name: String, default fallback: Bool) throws(RPCError) -> Bool {
        guard let value = optional(position) else { return fallback }
        guard case .bool(let flag) = value else { throw .invalidParams("\(name) must be true or false") }
        return flag
    }

    /// A member of a JSON object, with `null` read as absent (as geth reads it).
    static func member(_ object: JSONValue, _ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    static func address(_ value: JSONValue, _ name: String) throws(RPCError) -> Address {
        guard case .string(let text) = value else { throw .invalidParams("\(name) must be an address string") }
        do { return try Address(text) } catch { throw .invalidParams("\(name): \(error.message)") }
    }

    static func data(_ value: JSONValue, _ name: String, count: Int? = nil) throws(RPCError) -> [UInt8] {
        guard case .string(let text) = value else { throw .invalidParams("\(name) must be a 0x-prefixed hex string") }
        do {
            if let count { return try EthData.decode(text, count: count) }
            return try EthData.decode(text)
        } catch {
            throw .invalidParams("\(name): \(error.message)")
        }
    }

    static func quantity(_ value: JSONValue, _ name: String) throws(RPCError) -> UInt64 {
        guard case .string(let text) = value else { throw .invalidParams("\(name) must be a hex quantity string") }
        do { return try EthQuantity.decode(text) } catch { throw .invalidParams("\(name): \(error.message)") }
    }
}

/// A block parameter: a tag or a number (EIP-1898's object form is not supported).
enum BlockTag: Equatable {
    case latest
    case number(UInt64)

    /// "latest", "pending", "safe" and "finalized" all name the newest block: a block is final as soon
    /// as it is durable (there is no reorganisation), and nothing is pending beyond it.
    init(_ value: JSONValue?, _ name: String = "block") throws(RPCError) {
        guard let value else {
            self = .latest
            return
        }
        guard case .string(let text) = value else { throw .invalidParams("\(name) must be a tag or a hex quantity") }
        switch text {
        case "latest", "pending", "safe", "finalized": self = .latest
        case "earliest": self = .number(0)
        default: self = .number(try RPCParams.quantity(value, name))
        }
    }
}
