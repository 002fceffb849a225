import Foundation
import HelioCrypto
import HelioEthereum
import HelioLedger
import HelioRegistry
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelioServer

/// Golden JSON-RPC transcripts (go-ethereum's `rpc/testdata` habit): each scenario sends its requests to
/// `POST /rpc` of a fresh, fully deterministic registry and compares every reply with
/// `Transcripts/<scenario>.json`, which holds each request and the exact expected response.
///
/// The transcripts are the spec of the endpoint: every response in them was reviewed by hand against
/// docs/ethereum-compat.md. `HELIO_UPDATE_TRANSCRIPTS=1 swift test --filter RPCTranscriptTests` rewrites
/// them; review the diff before keeping it. Without it, a mismatch fails naming the exchange, its method
/// and the first differing field.
///
/// Nothing is normalised: keys are fixed scalars, genesis and the registry clock stand still at
/// `RPCFixture.time`, and signatures use RFC 6979 nonces, so every hash, block and timestamp repeats.
@Suite struct RPCTranscriptTests {
    @Test func envelope() async throws { try await Transcript.run("envelope", RPCScenarios.envelope) }
    @Test func chain() async throws { try await Transcript.run("chain", RPCScenarios.chain) }
    @Test func calls() async throws { try await Transcript.run("calls", RPCScenarios.calls) }
    @Test func transactions() async throws { try await Transcript.run("transactions", RPCScenarios.transactions) }

    /// Every method `EthereumRPC.call` answers is exercised by some transcript.
    @Test func everyMethodHasATranscript() throws {
        var used: Set<String> = []
        for name in Transcript.names {
            let url = try #require(
                Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Transcripts"))
            guard case .array(let exchanges)? = try JSONValue(parsing: Array(Data(contentsOf: url)))["exchanges"] else {
                continue
            }
            for exchange in exchanges {
                let requests: [JSONValue] =
                    switch exchange["request"] {
                    case .array(let items)?: items
                    case let request?: [request]
                    case nil: []
                    }
                for case .string(let method)? in requests.map({ $0["method"] }) { used.insert(method) }
            }
        }
        #expect(
            EthereumRPC.methods.subtracting(used).isEmpty,
            "no transcript calls \(EthereumRPC.methods.subtracting(used))")
    }
}

// MARK: - The deterministic registry

/// The registry every transcript starts from: genesis (block 0: SUN defined, registry configured), then
/// block 1: the registry mints 1,000,000 base units of SUN to alice. Nothing else.
enum RPCFixture {
    static let chainId: UInt64 = 7317
    /// 2026-01-01T00:00:00Z: genesis and every later entry carry this time.
    static let time: Int64 = 1_767_225_600
    static let aliceFunds: UInt256 = 1_000_000

    static func key(_ n: UInt8) -> Secp256k1.PrivateKey {
        try! Secp256k1.PrivateKey(rawRepresentation: [UInt8](repeating: 0, count: 31) + [n])
    }

    /// 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf, the key every Ethereum tool knows.
    static let alice = key(1)
    /// 0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF
    static let bob = key(2)
    /// 0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69
    static let carol = key(3)
    /// The registry's checkpoint key: authority and SUN's only minter.
    static let registryKey = key(9)
    static let issuingBody = key(8)

    static var sun: AssetID { RewardAsset.id(registry: registryKey.address) }
    static var token: Address { sun.tokenAddress }

    /// Creates the registry in a new temporary folder (the caller removes it).
    static func make() async throws -> TestRegistry {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("helio-rpc-transcript-\(UUID().uuidString)").path
        let genesis = try await RegistryGenesis.create(
            in: try DataDirectory.openStore(directory), name: "transcript-registry", chainId: chainId,
            checkpointKey: registryKey, issuingBodies: [issuingBody.address], clock: { time })
        return TestRegistry(directory: directory, key: registryKey, genesis: genesis, issuingBodyKey: issuingBody)
    }

    /// Block 1: the registry mints alice's SUN through `/v1/commands` (a signed native command).
    static func fund(_ registry: TestRegistry, _ client: any TestClientProtocol) async throws {
        let mint = try registry.sign(
            .mint(.init(asset: sun, to: alice.address, amount: aliceFunds)), nonce: 2, key: registryKey)
        let response = try await client.post("/v1/commands", Body.json(mint))
        #expect(response.status == .ok, "setup mint: \(Body.text(response))")
    }
}

// MARK: - Sessions and transcript files

/// One exchange: a request (JSON, or raw text for bodies that are not JSON), the reply (nil = no body) and
/// the HTTP status (recorded in the file only when it is not 200).
struct Exchange {
    enum Request {
        case json(JSONValue)
        case text(String)
    }

    let comment: String
    let request: Request
    let response: JSONValue?
    let status: Int

    var json: JSONValue {
        var members: [JSONValue.Member] = [.init("comment", .string(comment))]
        switch request {
        case .json(let value): members.append(.init("request", value))
        case .text(let text): members.append(.init("requestText", .string(text)))
        }
        if status != 200 { members.append(.init("httpStatus", .integer(status))) }
        members.append(.init("response", response ?? .null))
        return .object(members)
    }

    /// The method(s) the request names, for failure messages.
    var methods: String {
        guard case .json(let value) = request else { return "(not JSON)" }
        let requests: [JSONValue] = if case .array(let items) = value { items } else { [value] }
        return requests.map { if case .string(let m)? = $0["method"] { m } else { "?" } }.joined(separator: ", ")
    }
}

/// Sends requests to `/rpc` through the router and records every exchange, in order.
final class RPCSession {
    let client: any TestClientProtocol
    private(set) var exchanges: [Exchange] = []
    /// web3.py numbers its requests from 0.
    private var nextID = 0

    init(_ client: any TestClientProtocol) { self.client = client }

    /// A JSON-RPC 2.0 request object with the next id.
    func request(_ method: String, _ params: [JSONValue] = []) -> JSONValue {
        defer { nextID += 1 }
        return .object([
            .init("jsonrpc", "2.0"), .init("id", .integer(nextID)), .init("method", .string(method)),
            .init("params", .array(params)),
        ])
    }

    /// Calls `method` and returns the reply's `result` (nil for an error or no reply).
    @discardableResult
    func call(_ comment: String, _ method: String, _ params: [JSONValue] = []) async throws -> JSONValue? {
        try await send(comment, request(method, params))?["result"]
    }

    /// Sends any JSON body (a request, a batch, a malformed envelope) and returns the reply.
    @discardableResult
    func send(_ comment: String, _ body: JSONValue) async throws -> JSONValue? {
        let (status, reply) = try await post(body.serialized)
        exchanges.append(Exchange(comment: comment, request: .json(body), response: reply, status: status))
        return reply
    }

    /// Sends a body that is not JSON.
    @discardableResult
    func sendText(_ comment: String, _ text: String) async throws -> JSONValue? {
        let (status, reply) = try await post(Array(text.utf8))
        exchanges.append(Exchange(comment: comment, request: .text(text), response: reply, status: status))
        return reply
    }

    /// The HTTP status and the parsed reply: 200 with a JSON body, or no body at all.
    private func post(_ bytes: [UInt8]) async throws -> (Int, JSONValue?) {
        let response = try await client.execute(
            uri: "/rpc", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: bytes))
        let body = Array(response.body.readableBytesView)
        if body.isEmpty { return (response.status.code, nil) }
        #expect(response.status == .ok, "a JSON-RPC reply, even an error, comes with HTTP 200")
        #expect(response.headers[.contentType] == "application/json")
        return (response.status.code, try JSONValue(parsing: body))
    }
}

enum Transcript {
    static let names = ["envelope", "chain", "calls", "transactions"]

    static var updating: Bool { ProcessInfo.processInfo.environment["HELIO_UPDATE_TRANSCRIPTS"] == "1" }

    /// Where `HELIO_UPDATE_TRANSCRIPTS=1` writes: the source folder, next to this file.
    static func sourceURL(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Transcripts").appendingPathComponent("\(name).json")
    }

    /// Runs `scenario` against a fresh registry, then compares (or rewrites) `Transcripts/<name>.json`.
    static func run(
        _ name: String, _ scenario: @escaping @Sendable (RPCSession) async throws -> [String]
    ) async throws {
        let registry = try await RPCFixture.make()
        defer { try? FileManager.default.removeItem(atPath: registry.directory) }
        try await registry.withClient(clock: RPCFixture.time) { client in
            try await RPCFixture.fund(registry, client)
            let session = RPCSession(client)
            let about = try await scenario(session)
            let recorded = JSONValue.object([
                .init("about", .array(about.map { .string($0) })),
                .init("exchanges", .array(session.exchanges.map(\.json))),
            ])
            if updating {
                let text = pretty(recorded) + "\n"
                try Data(text.utf8).write(to: sourceURL(name))
                return
            }
            guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Transcripts")
            else {
                Issue.record("Transcripts/\(name).json is missing: record it with HELIO_UPDATE_TRANSCRIPTS=1")
                return
            }
            let expected = try JSONValue(parsing: Array(try Data(contentsOf: url)))
            compare(name, expected: expected, recorded: session.exchanges)
        }
    }

    /// Reports each exchange whose request or response differs from the transcript, with the first
    /// differing field.
    static func compare(_ name: String, expected: JSONValue, recorded: [Exchange]) {
        guard case .array(let exchanges)? = expected["exchanges"] else {
            Issue.record("Transcripts/\(name).json has no \"exchanges\" array")
            return
        }
        if exchanges.count != recorded.count {
            Issue.record(
                "Transcripts/\(name).json has \(exchanges.count) exchanges, the scenario made \(recorded.count)")
        }
        for (i, (want, got)) in zip(exchanges, recorded).enumerated() {
            let label = "Transcripts/\(name).json #\(i) “\(got.comment)” [\(got.methods)]"
            let sentRequest: JSONValue
            let wantRequest: JSONValue?
            switch got.request {
            case .json(let value): (sentRequest, wantRequest) = (value, want["request"])
            case .text(let text): (sentRequest, wantRequest) = (.string(text), want["requestText"])
            }
            if let d = difference(wantRequest, sentRequest, at: "request") {
                Issue.record("\(label): the request changed at \(d.path): transcript \(d.expected), sent \(d.actual)")
                continue
            }
            let wantStatus = want["httpStatus"] ?? .integer(200)
            if wantStatus != .integer(got.status) {
                Issue.record("\(label): HTTP status \(got.status), the transcript says \(wantStatus)")
            }
            // A null response in the file is no reply at all (a reply is always an object or an array).
            let wantResponse: JSONValue? = if case .null? = want["response"] { nil } else { want["response"] }
            if let d = difference(wantResponse, got.response, at: "response") {
                Issue.record("\(label): \(d.path) differs: expected \(d.expected), got \(d.actual)")
            }
        }
    }

    /// The first place where `actual` differs from `expected` (object members compare by key, in any order).
    static func difference(
        _ expected: JSONValue?, _ actual: JSONValue?, at path: String
    ) -> (path: String, expected: String, actual: String)? {
        func show(_ v: JSONValue?) -> String {
            guard let v else { return "(nothing)" }
            let text = v.description
            return text.count > 200 ? String(text.prefix(200)) + "…" : text
        }
        switch (expected, actual) {
        case (nil, nil): return nil
        case (.object(let want)?, .object(let got)?):
            for member in want {
                if let d = difference(member.value, actual?[member.key], at: "\(path).\(member.key)") { return d }
            }
            for member in got where expected?[member.key] == nil {
                return ("\(path).\(member.key)", "(no such field)", show(member.value))
            }
            return nil
        case (.array(let want)?, .array(let got)?):
            for (i, (w, g)) in zip(want, got).enumerated() {
                if let d = difference(w, g, at: "\(path)[\(i)]") { return d }
            }
            guard want.count == got.count else {
                return ("\(path) length", "\(want.count) items", "\(got.count) items")
            }
            return nil
        default:
            return expected == actual ? nil : (path, show(expected), show(actual))
        }
    }

    /// Indented JSON for the transcript files: a value that fits on one line stays on one line.
    static func pretty(_ value: JSONValue, indent: Int = 0) -> String {
        let flat = inline(value)
        let pad = String(repeating: " ", count: indent + 2)
        switch value {
        case .array(let items) where indent + flat.count > 116 && !items.isEmpty:
            return "[\n" + items.map { pad + pretty($0, indent: indent + 2) }.joined(separator: ",\n") + "\n"
                + String(repeating: " ", count: indent) + "]"
        case .object(let members) where indent + flat.count > 116 && !members.isEmpty:
            return "{\n"
                + members.map {
                    pad + JSONValue.string($0.key).description + ": " + pretty($0.value, indent: indent + 2)
                }
                .joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent) + "}"
        default:
            return flat
        }
    }

    static func inline(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .object(let members):
            return "{"
                + members.map { JSONValue.string($0.key).description + ": " + inline($0.value) }
                .joined(separator: ", ") + "}"
        default: return value.description
        }
    }
}

// MARK: - Building requests

/// Raw transactions and call data, built the way a wallet would (`EthereumTransaction.signed`).
enum Wallet {
    static func hex(_ bytes: [UInt8]) -> JSONValue { .string(EthData.encode(bytes)) }
    static func quantity(_ value: UInt64) -> JSONValue { .string(EthQuantity.encode(value)) }
    static func word(_ address: Address) -> JSONValue { hex(ABI.encode(address: address)) }

    /// A signed transaction's raw bytes as the hex param of eth_sendRawTransaction. EIP-1559 by default,
    /// with fees a wallet might offer (Helio charges none and takes whatever they say).
    static func transaction(
        _ key: Secp256k1.PrivateKey, nonce: UInt64, _ call: ERC20Call?, type: UInt8 = 2,
        to: Address? = RPCFixture.token, chainId: UInt64 = RPCFixture.chainId, value: UInt256 = .zero,
        data: [UInt8]? = nil
    ) throws -> JSONValue {
        // Typed transactions carry an access list naming the token (wallets add one; Helio ignores it).
        let accessList =
            type == 0
            ? []
            : [
                try EthereumTransaction.AccessListEntry(
                    address: RPCFixture.token, storageKeys: [[UInt8](repeating: 0, count: 32)])
            ]
        return hex(
            try EthereumTransaction.signed(
                type: type, chainId: chainId, nonce: nonce, to: to, data: data ?? call?.calldata ?? [], gas: 60_000,
                value: value, gasPrice: 1_000_000_000, maxPriorityFeePerGas: 1_000_000,
                maxFeePerGas: 2_000_000_000, accessList: accessList, key: key))
    }

    /// A pre-EIP-155 legacy transaction (v = 27/28, no chain id): geth refuses these over RPC by default.
    static func unprotectedLegacy(_ key: Secp256k1.PrivateKey, nonce: UInt64, _ call: ERC20Call) throws -> JSONValue {
        let fields: [RLP.Item] = [
            .uint(nonce), .uint(UInt64(1_000_000_000)), .uint(UInt64(60_000)), .address(RPCFixture.token),
            .uint(UInt64(0)), .bytes(call.calldata),
        ]
        let signature = try key.sign(digest: Keccak256.hash(RLP.encode(.list(fields))))
        let v = RLP.Item.uint(UInt64(27 + signature.recoveryId))
        let r = RLP.Item.uint(UInt256(bigEndian: signature.r)!)
        let s = RLP.Item.uint(UInt256(bigEndian: signature.s)!)
        return hex(RLP.encode(.list(fields + [v, r, s])))
    }

    /// An eth_call / eth_estimateGas call object.
    static func call(_ call: ERC20Call, from: Address? = nil, to: Address = RPCFixture.token) -> JSONValue {
        var members: [JSONValue.Member] = []
        if let from { members.append(.init("from", .string(from.checksummed))) }
        members.append(.init("to", .string(to.checksummed)))
        members.append(.init("data", hex(call.calldata)))
        return .object(members)
    }
}

// MARK: - The scenarios

/// Each scenario returns the `about` lines of its transcript file: what state it starts from and what it
/// covers. Requests that need an earlier answer (a block hash, a transaction hash) take it from the reply.
enum RPCScenarios {
    static let setup = [
        "Golden transcript of POST /rpc, checked by RPCTranscriptTests: every response was reviewed by hand against",
        "docs/ethereum-compat.md and docs/json-rpc.md and is the spec. Regenerate with HELIO_UPDATE_TRANSCRIPTS=1",
        "swift test --filter RPCTranscriptTests, then review the diff. \"httpStatus\" appears only when it is not 200.",
        "Registry: chain id 7317 (0x1c95); genesis and registry clock fixed at 1767225600 (2026-01-01T00:00:00Z,",
        "0x6955b900); keys are the scalars 0x…01 alice 0x7E5F…5Bdf, 0x…02 bob 0x2B5A…D6cF, 0x…03 carol",
        "0x6813…BA69, 0x…08 issuing body, 0x…09 registry 0xF7Ed…fA5c. Block 0 = genesis (entry 0 DefineAsset SUN,",
        "entry 1 ConfigureRegistry), block 1 = entry 2, the registry's signed Mint of 1000000 (0xf4240) SUN base",
        "units to alice. SUN answers as an ERC20 at 0x410C501820f736c780fCC79eEbE8a58a06f5c9b2. Nothing is normalised.",
    ]

    static var alice: Address { RPCFixture.alice.address }
    static var bob: Address { RPCFixture.bob.address }
    static var carol: Address { RPCFixture.carol.address }
    static var token: Address { RPCFixture.token }

    /// The JSON-RPC 2.0 envelope: ids, notifications, batches and the protocol errors.
    @Sendable static func envelope(_ s: RPCSession) async throws -> [String] {
        try await s.call("the id is echoed; web3.py starts at 0", "eth_chainId")
        try await s.send(
            "a string id", ["jsonrpc": "2.0", "id": "req-α", "method": "eth_chainId", "params": []])
        try await s.send(
            "a null id is still a request (not a notification)", ["jsonrpc": "2.0", "id": nil, "method": "eth_chainId"])
        try await s.send(
            "a numeric id beyond double precision is echoed digit for digit",
            ["jsonrpc": "2.0", "id": .number("9007199254740993"), "method": "eth_chainId"])
        try await s.send("params may be omitted", ["jsonrpc": "2.0", "id": 100, "method": "eth_blockNumber"])
        try await s.send(
            "params may be null", ["jsonrpc": "2.0", "id": 101, "method": "eth_blockNumber", "params": nil])
        try await s.send(
            "a notification (no id) gets no reply", ["jsonrpc": "2.0", "method": "eth_chainId", "params": []])
        try await s.send(
            "a notification gets no reply even when it fails",
            ["jsonrpc": "2.0", "method": "eth_noSuchMethod", "params": []])

        // -32700
        try await s.sendText("-32700: truncated JSON, id null", #"{"jsonrpc": "2.0", "id": 1, "method": "eth_chainId""#)
        try await s.sendText("-32700: an empty body", "")
        try await s.sendText("-32700: not JSON at all", "eth_chainId")
        try await s.sendText(
            "-32700: a trailing comma (strict RFC 8259)", #"{"jsonrpc": "2.0", "id": 1, "method": "eth_chainId",}"#)

        // -32600
        try await s.send("-32600: no jsonrpc member", ["id": 1, "method": "eth_chainId"])
        try await s.send("-32600: jsonrpc 1.0", ["jsonrpc": "1.0", "id": 1, "method": "eth_chainId"])
        try await s.send("-32600: no method", ["jsonrpc": "2.0", "id": 1])
        try await s.send("-32600: a method that is not a string", ["jsonrpc": "2.0", "id": 1, "method": 5])
        try await s.send(
            "-32600: an id that is an object", ["jsonrpc": "2.0", "id": ["n": 1], "method": "eth_chainId"])
        try await s.send("-32600: a request that is not an object", 1)
        try await s.send("-32600: an empty batch", [])

        // -32601
        try await s.call("-32601: an unknown method", "eth_mining")
        try await s.call(
            "-32601: wallet methods are not served (Helio holds no keys)", "eth_sendTransaction",
            [["from": .string(alice.checksummed)]])
        try await s.call("-32601: method names are case-sensitive", "ETH_CHAINID")
        try await s.call("-32601: an empty method name", "")

        // -32602
        try await s.send(
            "-32602: params must be an array (by-name params are not supported)",
            [
                "jsonrpc": "2.0", "id": 102, "method": "eth_getBalance",
                "params": ["address": .string(alice.checksummed)],
            ])
        try await s.call("-32602: a missing required param", "eth_getBalance")
        try await s.call("-32602: too many params", "eth_getBalance", [.string(alice.checksummed), "latest", "extra"])
        try await s.call(
            "-32602: an address with a wrong EIP-55 checksum", "eth_getBalance",
            [.string(alice.checksummed.lowercased().replacingOccurrences(of: "7e5f", with: "7E5f")), "latest"])
        try await s.call(
            "-32602: a block tag that does not exist", "eth_getBalance", [.string(alice.checksummed), "newest"])
        try await s.call("-32602: a quantity with a leading zero", "eth_getBlockByNumber", ["0x01", false])
        try await s.call("-32602: a number where a hex quantity is expected", "eth_getBlockByNumber", [1, false])

        // Batches.
        try await s.send(
            "a batch is answered in order, one reply per request with an id; the notification gets none",
            .array([
                s.request("eth_chainId"), s.request("eth_blockNumber"), ["jsonrpc": "2.0", "method": "eth_chainId"],
                s.request("eth_noSuchMethod"), 1, s.request("net_version"),
            ]))
        try await s.send(
            "a batch of notifications only gets no reply at all",
            [["jsonrpc": "2.0", "method": "eth_chainId"], ["jsonrpc": "2.0", "method": "net_version"]])
        try await s.send("a batch of one invalid request", [1])
        try await s.send(
            "-32600 with a readable id: the error echoes it",
            ["jsonrpc": "1.0", "id": "req-7", "method": "eth_chainId"])
        return setup + ["Covers the envelope: ids, notifications, batches, -32700, -32600, -32601 and -32602."]
    }

    /// Node facts, fees, blocks, balances, code, nonces, and the native entries seen as transactions.
    @Sendable static func chain(_ s: RPCSession) async throws -> [String] {
        try await s.call("chain id, hex", "eth_chainId")
        try await s.call("chain id, decimal string", "net_version")
        try await s.call("listening", "net_listening")
        try await s.call("client version", "web3_clientVersion")
        try await s.call("never syncing: the registry is the chain", "eth_syncing")
        try await s.call("no accounts: Helio holds no user keys", "eth_accounts")
        try await s.call("no fees", "eth_gasPrice")
        try await s.call("no tips", "eth_maxPriorityFeePerGas")
        try await s.call(
            "fee history with percentiles: blocks 0 and 1 (only 2 exist), base fees for both plus the next",
            "eth_feeHistory", [4, "latest", [25, 75]])
        try await s.call(
            "fee history with a hex block count and no percentiles: no reward field", "eth_feeHistory",
            ["0x1", "latest"])
        try await s.call("fee history of an explicit block", "eth_feeHistory", ["0x1", "0x0", []])
        try await s.call("-32602: fee history without a block count", "eth_feeHistory")
        try await s.call("-32000: fee history of a block that does not exist", "eth_feeHistory", ["0x1", "0x9"])

        try await s.call("two blocks: 0 and 1", "eth_blockNumber")
        let latest = try await s.call(
            "the latest block with transaction hashes", "eth_getBlockByNumber", ["latest", false])
        try await s.call(
            "genesis with full transactions: the native entries' view", "eth_getBlockByNumber", ["0x0", true])
        try await s.call("earliest is block 0", "eth_getBlockByNumber", ["earliest", false])
        try await s.call(
            "pending, safe and finalized are the latest block", "eth_getBlockByNumber", ["finalized", false])
        try await s.call("a block that does not exist yet is null", "eth_getBlockByNumber", ["0x2", false])
        try await s.call("-32602: the block param is required", "eth_getBlockByNumber", [])
        try await s.call("-32602: full must be a boolean", "eth_getBlockByNumber", ["latest", "yes"])
        let blockHash: JSONValue = latest?["hash"] ?? .null
        try await s.call("a block by hash", "eth_getBlockByHash", [blockHash, false])
        try await s.call(
            "an unknown block hash is null", "eth_getBlockByHash", [Wallet.hex(Keccak256.hash([1])), false])
        try await s.call(
            "-32602: a block hash of 31 bytes", "eth_getBlockByHash", [Wallet.hex([UInt8](repeating: 1, count: 31))])

        try await s.call(
            "no native coin: every balance is 0", "eth_getBalance", [.string(alice.checksummed), "latest"])
        try await s.call(
            "a token address has code (PUSH1 0 PUSH1 0 REVERT)", "eth_getCode", [.string(token.lowercased), "latest"])
        try await s.call("an account has none", "eth_getCode", [.string(alice.checksummed), "latest"])
        try await s.call(
            "the registry key signed 3 commands", "eth_getTransactionCount",
            [.string(RPCFixture.registryKey.address.checksummed), "latest"])
        try await s.call("alice has sent nothing", "eth_getTransactionCount", [.string(alice.checksummed), "pending"])
        try await s.call(
            "-32602: a block tag that is not a string", "eth_getTransactionCount", [.string(alice.checksummed), true])

        let hashes: [JSONValue] = if case .array(let items)? = latest?["transactions"] { items } else { [] }
        let mint: JSONValue = hashes.first ?? .null
        try await s.call("a native entry (the Mint) by its leaf hash", "eth_getTransactionByHash", [mint])
        try await s.call("its receipt: the mint's Transfer from 0x0", "eth_getTransactionReceipt", [mint])
        try await s.call(
            "an unknown transaction is null", "eth_getTransactionByHash", [Wallet.hex(Keccak256.hash([2]))])
        try await s.call(
            "an unknown receipt is null (web3 keeps polling)", "eth_getTransactionReceipt",
            [Wallet.hex(Keccak256.hash([2]))])
        try await s.call("-32602: a transaction hash that is not hex", "eth_getTransactionReceipt", ["0xzz"])
        try await s.call("logs of the latest block by default", "eth_getLogs", [[:]])
        try await s.call(
            "null filter members read as absent", "eth_getLogs",
            [["fromBlock": .null, "toBlock": .null, "address": .null, "topics": .null]])
        return setup + ["Covers node facts, fees, blocks, balance, code, nonces and native entries as transactions."]
    }

    /// eth_call and eth_estimateGas: the ERC20 views, dry runs, reverts with ERC-6093 data, refusals.
    @Sendable static func calls(_ s: RPCSession) async throws -> [String] {
        func call(_ c: ERC20Call, from: Address? = nil) -> [JSONValue] { [Wallet.call(c, from: from), "latest"] }
        try await s.call("name(): an ABI string", "eth_call", call(.name))
        try await s.call("symbol()", "eth_call", call(.symbol))
        try await s.call("decimals(): 18", "eth_call", call(.decimals))
        try await s.call("totalSupply(): 1000000", "eth_call", call(.totalSupply))
        try await s.call("balanceOf(alice): 1000000", "eth_call", call(.balanceOf(alice)))
        try await s.call(
            "balanceOf(bob), call data under \"input\", no block param", "eth_call",
            [["to": .string(token.checksummed), "input": Wallet.hex(ERC20Call.balanceOf(bob).calldata)]])
        try await s.call("allowance(alice, bob): 0", "eth_call", call(.allowance(owner: alice, spender: bob)))
        try await s.call(
            "a block number is accepted; the answer is the latest state (Helio keeps no history)", "eth_call",
            [Wallet.call(.balanceOf(alice)), "0x0"])

        try await s.call(
            "transfer dry run from alice: returns true", "eth_call", call(.transfer(to: bob, amount: 10), from: alice))
        try await s.call("…and changed nothing", "eth_call", call(.balanceOf(bob)))
        try await s.call("approve dry run: true", "eth_call", call(.approve(spender: bob, amount: .max), from: alice))
        try await s.call(
            "revert: ERC20InsufficientBalance(alice, 1000000, 1000001)", "eth_call",
            call(.transfer(to: bob, amount: 1_000_001), from: alice))
        try await s.call(
            "revert: ERC20InvalidReceiver(0x0)", "eth_call", call(.transfer(to: .zero, amount: 1), from: alice))
        try await s.call(
            "revert: ERC20InvalidSender(0x0): without from the caller is 0x0, as in geth", "eth_call",
            call(.transfer(to: bob, amount: 1)))
        try await s.call(
            "revert: ERC20InsufficientAllowance(bob, 0, 5)", "eth_call",
            call(.transferFrom(from: alice, to: bob, amount: 5), from: bob))
        try await s.call(
            "revert: ERC20InvalidSpender(0x0)", "eth_call", call(.approve(spender: .zero, amount: 1), from: alice))
        try await s.call(
            "revert: ERC20InvalidApprover(0x0)", "eth_call", call(.approve(spender: bob, amount: 1)))
        try await s.call(
            "revert without data: a function ERC20 does not have (no fallback)", "eth_call",
            [["to": .string(token.checksummed), "data": "0x12345678"], "latest"])
        try await s.call(
            "revert without data: call data one byte short", "eth_call",
            [
                [
                    "to": .string(token.checksummed),
                    "data": Wallet.hex(Array(ERC20Call.balanceOf(bob).calldata.dropLast())),
                ], "latest",
            ])
        try await s.call(
            "an address without code returns nothing", "eth_call", [Wallet.call(.balanceOf(alice), to: bob), "latest"])
        try await s.call(
            "-32000: value must be 0 (no native coin)", "eth_call",
            [
                ["from": .string(alice.checksummed), "to": .string(token.checksummed), "value": "0x1", "data": "0x"],
                "latest",
            ])
        try await s.call(
            "-32000: no to: contract creation is not supported", "eth_call",
            [["from": .string(alice.checksummed), "data": "0x6000"], "latest"])
        try await s.call("-32602: state overrides are not supported", "eth_call", call(.totalSupply) + [[:]])
        try await s.call("-32602: the call object is required", "eth_call", [])
        try await s.call("-32602: the call must be an object", "eth_call", ["0x1234", "latest"])
        try await s.call(
            "-32602: malformed call data hex", "eth_call",
            [["to": .string(token.checksummed), "data": "0x123"], "latest"])

        try await s.call(
            "estimateGas of a transfer: the nominal 60000", "eth_estimateGas",
            [Wallet.call(.transfer(to: bob, amount: 10), from: alice)])
        try await s.call(
            "estimateGas reverts as eth_call does: ERC20InsufficientBalance", "eth_estimateGas",
            [Wallet.call(.transfer(to: bob, amount: 1_000_001), from: alice)])
        try await s.call(
            "estimateGas reverts: ERC20InsufficientAllowance", "eth_estimateGas",
            [Wallet.call(.transferFrom(from: alice, to: carol, amount: 1), from: bob), "latest"])
        try await s.call(
            "-32000: estimateGas to an address that is no token", "eth_estimateGas",
            [Wallet.call(.transfer(to: bob, amount: 1), from: alice, to: carol)])
        try await s.call(
            "-32000: estimateGas of a contract creation", "eth_estimateGas",
            [["from": .string(alice.checksummed), "data": "0x6000"]])
        try await s.call("-32602: estimateGas takes at most 2 params", "eth_estimateGas", call(.totalSupply) + [[:]])
        try await s.call(
            "null members read as absent, as geth: from null = 0x0, input null falls back to data", "eth_call",
            [
                [
                    "to": .string(RPCFixture.token.checksummed), "from": .null, "input": .null,
                    "data": Wallet.hex(ERC20Call.totalSupply.calldata), "value": .null,
                ],
                "latest",
            ])
        return setup + ["Covers eth_call (views, dry runs, ERC-6093 reverts with code 3) and eth_estimateGas."]
    }

    /// eth_sendRawTransaction through receipts and logs: every transaction type, every refusal, a failed
    /// call that lands with status 0, a batch of sends in one block, and eth_getLogs over all of it.
    @Sendable static func transactions(_ s: RPCSession) async throws -> [String] {
        let (a, b, c) = (RPCFixture.alice, RPCFixture.bob, RPCFixture.carol)
        @discardableResult func send(_ comment: String, _ raw: JSONValue) async throws -> JSONValue {
            try await s.call(comment, "eth_sendRawTransaction", [raw]) ?? .null
        }
        func receipt(_ comment: String, _ hash: JSONValue) async throws {
            try await s.call(comment, "eth_getTransactionReceipt", [hash])
        }

        try await s.call("alice's next nonce", "eth_getTransactionCount", [.string(alice.checksummed), "pending"])
        let first = try await send(
            "type 2: alice transfers 250 to bob; the result is keccak256 of the raw bytes",
            try Wallet.transaction(a, nonce: 0, .transfer(to: bob, amount: 250)))
        try await receipt("status 0x1 and one Transfer log", first)
        try await s.call("the transaction, EIP-1559 fields included", "eth_getTransactionByHash", [first])
        try await s.call("its block (block 2), full", "eth_getBlockByNumber", ["latest", true])
        try await s.call("alice's nonce moved on", "eth_getTransactionCount", [.string(alice.checksummed), "latest"])

        // Refusals: nothing is journaled, no nonce is used.
        try await send(
            "-32000: the same bytes again: nonce too low",
            try Wallet.transaction(a, nonce: 0, .transfer(to: bob, amount: 250)))
        try await send(
            "-32000: nonce too high (no queue of future transactions)",
            try Wallet.transaction(a, nonce: 5, .transfer(to: bob, amount: 1)))
        try await send(
            "-32000: another chain (1)", try Wallet.transaction(a, nonce: 1, .transfer(to: bob, amount: 1), chainId: 1))
        try await send(
            "-32000: an unprotected legacy transaction (v = 27/28)",
            try Wallet.unprotectedLegacy(a, nonce: 1, .transfer(to: bob, amount: 1)))
        try await send(
            "-32000: to an address that is no token",
            try Wallet.transaction(a, nonce: 1, .transfer(to: bob, amount: 1), to: carol))
        try await send(
            "-32000: ether attached (value 1)",
            try Wallet.transaction(a, nonce: 1, .transfer(to: bob, amount: 1), value: 1))
        try await send("-32000: a view sent as a transaction", try Wallet.transaction(a, nonce: 1, .balanceOf(bob)))
        try await send(
            "-32000: a function ERC20 does not have",
            try Wallet.transaction(a, nonce: 1, nil, data: [0x12, 0x34, 0x56, 0x78]))
        try await send(
            "-32000: a contract creation", try Wallet.transaction(a, nonce: 1, nil, to: nil, data: [0x60, 0x00]))
        try await send("-32000: transaction type 3 is not supported", Wallet.hex([0x03, 0xc0]))
        try await send("-32000: bytes that are no transaction", "0xdeadbeef")
        try await s.call("-32602: an empty transaction", "eth_sendRawTransaction", ["0x"])
        try await s.call("-32602: not hex", "eth_sendRawTransaction", ["signed"])
        try await s.call("-32602: too many params", "eth_sendRawTransaction", ["0x00", "0x00"])
        try await s.call(
            "nothing above used a nonce", "eth_getTransactionCount", [.string(alice.checksummed), "latest"])

        // A call that fails lands: status 0, no logs, the nonce is used.
        let failed = try await send(
            "alice transfers more than she holds: the transaction lands anyway and answers its hash",
            try Wallet.transaction(a, nonce: 1, .transfer(to: bob, amount: 1_000_000)))
        try await receipt("status 0x0, no logs, empty bloom", failed)
        try await s.call(
            "the failed transaction used nonce 1", "eth_getTransactionCount", [.string(alice.checksummed), "latest"])
        try await s.call("and moved nothing", "eth_call", [Wallet.call(.balanceOf(bob)), "latest"])

        // Types 0 and 1, approve and transferFrom.
        let approve = try await send(
            "type 0 (EIP-155 legacy): alice approves carol for 100",
            try Wallet.transaction(a, nonce: 2, .approve(spender: carol, amount: 100), type: 0))
        try await receipt("an Approval log", approve)
        try await s.call("the legacy transaction: v = chainId·2 + 35 + yParity", "eth_getTransactionByHash", [approve])
        let spend = try await send(
            "type 1 (EIP-2930, with an access list entry): carol moves 60 of alice's to herself",
            try Wallet.transaction(c, nonce: 0, .transferFrom(from: alice, to: carol, amount: 60), type: 1))
        try await receipt("a Transfer log and no Approval log (OpenZeppelin v5)", spend)
        try await s.call(
            "carol's allowance left: 40", "eth_call", [Wallet.call(.allowance(owner: alice, spender: carol)), "latest"])

        // A batch of sends is one writer group: one block.
        let batch = try await s.send(
            "consecutive sends in a batch are one writer group, one block: bob's repeated nonce is refused, the "
                + "others land in order (the transfer to 0x0 with status 0); eth_blockNumber after them sees the block",
            .array([
                s.request(
                    "eth_sendRawTransaction", [try Wallet.transaction(b, nonce: 0, .transfer(to: carol, amount: 10))]),
                s.request(
                    "eth_sendRawTransaction", [try Wallet.transaction(b, nonce: 1, .transfer(to: alice, amount: 20))]),
                s.request(
                    "eth_sendRawTransaction", [try Wallet.transaction(b, nonce: 1, .transfer(to: alice, amount: 20))]),
                s.request(
                    "eth_sendRawTransaction", [try Wallet.transaction(b, nonce: 2, .transfer(to: .zero, amount: 1))]),
                s.request("eth_blockNumber"),
            ]))
        let replies: [JSONValue] = if case .array(let items)? = batch { items } else { [] }
        try await s.call(
            "the batch's block holds its three landed transactions", "eth_getBlockByNumber", ["latest", false])
        if replies.count > 1 {
            try await receipt("the batch's second transaction: index 1, log index 1", replies[1]["result"] ?? .null)
        }
        if replies.count > 3 {
            try await receipt("the batch's failed transfer to 0x0: status 0x0", replies[3]["result"] ?? .null)
        }

        // Logs.
        let token = JSONValue.string(RPCScenarios.token.checksummed)
        let transfer = Wallet.hex(ERC20ABI.Topic.transfer)
        try await s.call(
            "every log from block 0, address as an array (web3.py)", "eth_getLogs",
            [["address": [token], "fromBlock": "0x0"]])
        try await s.call(
            "Transfers to bob: null topics are wildcards", "eth_getLogs",
            [["fromBlock": "earliest", "toBlock": "latest", "topics": [transfer, nil, Wallet.word(bob)]]])
        try await s.call(
            "Approvals or Transfers from alice, blocks 3 to 5", "eth_getLogs",
            [
                [
                    "fromBlock": "0x3", "toBlock": "0x5",
                    "topics": [[Wallet.hex(ERC20ABI.Topic.approval), transfer], Wallet.word(alice)],
                ]
            ])
        let mintBlock = try await blockHash(s, 1)
        try await s.call("one block by hash: the mint's", "eth_getLogs", [["blockHash": mintBlock, "address": token]])
        try await s.call(
            "toBlock beyond the newest is the newest", "eth_getLogs", [["fromBlock": "0x6", "toBlock": "0x64"]])
        try await s.call("fromBlock after toBlock: no logs", "eth_getLogs", [["fromBlock": "0x5", "toBlock": "0x2"]])
        try await s.call(
            "another address: no logs", "eth_getLogs", [["fromBlock": "0x0", "address": .string(bob.checksummed)]])
        try await s.call("-32602: more than 4 topic positions", "eth_getLogs", [["topics": [nil, nil, nil, nil, nil]]])
        try await s.call(
            "-32602: blockHash with fromBlock", "eth_getLogs",
            [["blockHash": Wallet.hex(Keccak256.hash([1])), "fromBlock": "0x0"]])
        try await s.call(
            "-32602: a topic of 31 bytes", "eth_getLogs", [["topics": [Wallet.hex([UInt8](repeating: 0, count: 31))]]])
        try await s.call(
            "-32000: an unknown block hash", "eth_getLogs", [["blockHash": Wallet.hex(Keccak256.hash([1]))]])
        return setup + [
            "Covers eth_sendRawTransaction (types 0, 1, 2; every refusal), a failed call that lands with status 0,",
            "a batch of sends in one block, transactions and receipts of each, and eth_getLogs filters.",
        ]
    }

    /// The hash of block `number`, asked through eth_getBlockByNumber (recorded like any exchange).
    static func blockHash(_ s: RPCSession, _ number: UInt64) async throws -> JSONValue {
        let block = try await s.call(
            "the hash of block \(number)", "eth_getBlockByNumber", [Wallet.quantity(number), false])
        return block?["hash"] ?? .null
    }
}
