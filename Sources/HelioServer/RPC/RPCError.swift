import HelioCrypto
import HelioEthereum
import HelioLedger

/// A JSON-RPC 2.0 error object. Codes follow JSON-RPC and geth: -32700 parse error, -32600 invalid
/// request, -32601 method not found, -32602 invalid params, -32603 internal error, -32000 a transaction
/// or query the node refuses (geth's "nonce too low" and friends), -32005 a query over the result limit,
/// 3 "execution reverted" with the revert data (an ERC-6093 custom error) in `data`.
struct RPCError: Error, Sendable {
    let code: Int
    let message: String
    let data: JSONValue?

    init(_ code: Int, _ message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    static func parse(_ message: String) -> RPCError { RPCError(-32700, "parse error: \(message)") }
    static func invalidRequest(_ message: String) -> RPCError { RPCError(-32600, "invalid request: \(message)") }
    static func methodNotFound(_ method: String) -> RPCError {
        RPCError(-32601, "the method \(method) does not exist/is not available")
    }
    static func invalidParams(_ message: String) -> RPCError { RPCError(-32602, "invalid params: \(message)") }
    static func internalError(_ message: String) -> RPCError { RPCError(-32603, "internal error: \(message)") }
    static func refused(_ message: String) -> RPCError { RPCError(-32000, message) }
    static func limitExceeded(_ message: String) -> RPCError { RPCError(-32005, message) }

    /// A failing call as geth reports it: code 3, "execution reverted", the custom error in `data`.
    /// Errors that have no ERC-6093 form (an unknown token, say) are plain refusals.
    static func reverted(_ error: LedgerError) -> RPCError {
        guard let data = ABI.revertData(for: error) else { return refused(error.message) }
        return RPCError(3, "execution reverted", data: .string(EthData.encode(data)))
    }

    var json: JSONValue {
        var members: [JSONValue.Member] = [.init("code", .integer(code)), .init("message", .string(message))]
        if let data { members.append(.init("data", data)) }
        return .object(members)
    }
}
