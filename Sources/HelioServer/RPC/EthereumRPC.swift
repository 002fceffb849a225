import HelioCrypto
import HelioEthereum
import HelioLedger
import HelioRegistry
import HelioStore

/// The Ethereum JSON-RPC methods (issue 6; docs/json-rpc.md): every fungible asset answers as an ERC20
/// contract at its token address, signed Ethereum transactions move tokens, one writer commit is one
/// block. Reads of balances and nonces come from the writer's state; blocks, receipts and logs from the
/// store (so they appear once durable).
///
/// Helio charges no fees: gas prices and base fees are 0, fee fields of transactions are accepted
/// whatever they say, and gas figures are nominal (`nominalGas` per call) so tools that multiply or
/// compare them keep working.
struct EthereumRPC: Sendable {
    let registry: Registry
    var store: any LedgerStore { registry.store }
    var chainId: UInt64 { registry.domain.chainId }

    static let clientVersion = "Helio/v0.6.0/swift"
    /// The gas a transfer, approve or transferFrom is said to use (an OpenZeppelin transfer uses ~35–52k).
    static let nominalGas: UInt64 = 60_000
    /// The block gas limit reported (Ethereum mainnet's); a block using more reports its usage instead.
    static let blockGasLimit: UInt64 = 30_000_000
    /// Most logs one eth_getLogs returns, and most blocks it scans.
    static let maxLogs = 10_000
    static let maxBlockRange: UInt64 = 100_000

    /// Every method `call` answers.
    static let methods: Set<String> = [
        "eth_chainId", "net_version", "net_listening", "web3_clientVersion", "eth_syncing", "eth_accounts",
        "eth_gasPrice", "eth_maxPriorityFeePerGas", "eth_feeHistory", "eth_blockNumber", "eth_getBlockByNumber",
        "eth_getBlockByHash", "eth_getBalance", "eth_getCode", "eth_getTransactionCount", "eth_call",
        "eth_estimateGas", "eth_sendRawTransaction", "eth_getTransactionByHash", "eth_getTransactionReceipt",
        "eth_getLogs",
    ]

    /// Methods that take no params (extra ones are refused, not ignored).
    static let parameterless: Set<String> = [
        "eth_chainId", "net_version", "net_listening", "web3_clientVersion", "eth_syncing", "eth_accounts",
        "eth_gasPrice", "eth_maxPriorityFeePerGas", "eth_blockNumber",
    ]

    func call(_ method: String, _ raw: JSONValue?) async throws -> JSONValue {
        let params = try RPCParams(raw, method: method)
        if Self.parameterless.contains(method) { try params.atMost(0) }
        switch method {
        case "eth_chainId": return .string(EthQuantity.encode(chainId))
        case "net_version": return .string(String(chainId))
        case "net_listening": return .bool(true)
        case "web3_clientVersion": return .string(Self.clientVersion)
        case "eth_syncing": return .bool(false)
        case "eth_accounts": return .array([])
        case "eth_gasPrice", "eth_maxPriorityFeePerGas": return .string("0x0")
        case "eth_feeHistory": return try await feeHistory(params)
        case "eth_blockNumber": return .string(EthQuantity.encode(try latestBlock().number))
        case "eth_getBlockByNumber": return try blockByNumber(params)
        case "eth_getBlockByHash": return try blockByHash(params)
        case "eth_getBalance": return try balance(params)
        case "eth_getCode": return try await code(params)
        case "eth_getTransactionCount": return try await transactionCount(params)
        case "eth_call": return try await ethCall(params)
        case "eth_estimateGas": return try await estimateGas(params)
        case "eth_sendRawTransaction":
            let raw = try rawTransactionParam(raw)
            return try await sendRawTransactions([.success(raw)])[0].get()
        case "eth_getTransactionByHash": return try transactionByHash(params)
        case "eth_getTransactionReceipt": return try receipt(params)
        case "eth_getLogs": return try await logs(params)
        default: throw RPCError.methodNotFound(method)
        }
    }

    /// The one param of eth_sendRawTransaction, as bytes.
    func rawTransactionParam(_ raw: JSONValue?) throws(RPCError) -> [UInt8] {
        let params = try RPCParams(raw, method: "eth_sendRawTransaction")
        try params.atMost(1)
        let bytes = try RPCParams.data(try params.required(0, "signed transaction"), "signed transaction")
        guard !bytes.isEmpty else { throw .invalidParams("signed transaction is empty") }
        return bytes
    }

    /// Submits raw transactions in one group; the result of each is its hash, or why it was refused.
    /// A transaction whose call fails still lands (status 0 in its receipt) and answers its hash.
    func sendRawTransactions(_ raws: [Result<[UInt8], RPCError>]) async throws -> [Result<JSONValue, RPCError>] {
        let valid = raws.compactMap { try? $0.get() }
        var landed = try await registry.writer.submitRaw(valid)[...]
        return raws.map { raw -> Result<JSONValue, RPCError> in
            if case .failure(let error) = raw { return .failure(error) }
            switch landed.popFirst()! {
            case .success(let landing): return .success(.string(EthData.encode(landing.hash)))
            case .failure(let error): return .failure(Self.refusal(error))
            }
        }
    }

    /// A refused transaction, in geth's words where geth has them (web3 and wallets match on them).
    static func refusal(_ error: LedgerError) -> RPCError {
        switch error.code {
        case .nonceTooLow: .refused("nonce too low: \(error.message)")
        case .nonceGap: .refused("nonce too high: \(error.message) (Helio keeps no queue of future transactions)")
        case .wrongChain: .refused("invalid chain id: \(error.message)")
        default: .refused(error.message)
        }
    }

    private func feeHistory(_ params: RPCParams) async throws -> JSONValue {
        try params.atMost(3)
        let countValue = try params.required(0, "blockCount")
        let count: UInt64
        if case .number(let text) = countValue, let n = UInt64(text) {
            count = n
        } else {
            count = try RPCParams.quantity(countValue, "blockCount")
        }
        let newest = try resolve(try BlockTag(params.optional(1), "newestBlock"))
        let blocks = min(count, 1024, newest.number + 1)
        let oldest = newest.number + 1 - blocks
        var result: [JSONValue.Member] = [
            .init("oldestBlock", .string(EthQuantity.encode(oldest))),
            .init("baseFeePerGas", .array(Array(repeating: "0x0", count: Int(blocks) + 1))),
            .init("gasUsedRatio", .array(Array(repeating: .number("0"), count: Int(blocks)))),
        ]
        switch params.optional(2) {
        case nil: break
        case .array(let percentiles)?:
            // Geth's rule: numbers from 0 to 100, increasing. Every reward is 0 (no tips are charged).
            var previous = -1.0
            for p in percentiles {
                guard case .number(let text) = p, let value = Double(text), value >= 0, value >= previous, value <= 100
                else {
                    throw RPCError.invalidParams("reward percentiles must be increasing numbers from 0 to 100")
                }
                previous = value
            }
            guard !percentiles.isEmpty else { break }
            let zeros = JSONValue.array(Array(repeating: "0x0", count: percentiles.count))
            result.append(.init("reward", .array(Array(repeating: zeros, count: Int(blocks)))))
        default: throw RPCError.invalidParams("reward percentiles must be an array")
        }
        return .object(result)
    }

    private func balance(_ params: RPCParams) throws -> JSONValue {
        try params.atMost(2)
        _ = try RPCParams.address(try params.required(0, "address"), "address")
        _ = try BlockTag(params.optional(1))
        return "0x0"  // Helio has no native coin: every account holds 0 ether.
    }

    /// Token addresses answer with code, so tools treat them as contracts: a minimal EVM program that
    /// reverts (PUSH1 0, PUSH1 0, REVERT) — Helio runs its tokens natively, never this code.
    static let tokenCode = "0x60006000fd"

    private func code(_ params: RPCParams) async throws -> JSONValue {
        try params.atMost(2)
        let address = try RPCParams.address(try params.required(0, "address"), "address")
        _ = try BlockTag(params.optional(1))
        let isToken = await registry.writer.read { $0.assetsByToken[address] != nil }
        return .string(isToken ? Self.tokenCode : "0x")
    }

    private func transactionCount(_ params: RPCParams) async throws -> JSONValue {
        try params.atMost(2)
        let address = try RPCParams.address(try params.required(0, "address"), "address")
        _ = try BlockTag(params.optional(1))
        let nonce = await registry.writer.read { $0.nonce(address) }
        return .string(EthQuantity.encode(nonce))
    }
}
