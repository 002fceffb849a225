import ArgumentParser
import Foundation
import HelioCrypto
import HelioEthereum
import HelioLedger
import HelioRegistry
import HelioServer
import HelioStore

/// `helio bench rpc`: ERC20 transfers as signed Ethereum transactions through `eth_sendRawTransaction`,
/// in JSON-RPC batches, against a real server on loopback; durable transfers/s and p99 batch latency
/// beside the recovery ceiling measured in the same run (issue 6).
///
/// A fresh registry in `--data-dir` defines the benchmark token and funds `--accounts` accounts (native
/// commands, before the clock). Transactions (EIP-1559, 1 base unit each, round-robin) are signed and
/// encoded before the clock starts; `--clients` batches are in flight at once, each client sending the
/// transactions of its own accounts in nonce order. `eth_sendRawTransaction` answers once the
/// transaction is durable, so a reply is a durable transfer.
struct BenchRPC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Signed ERC20 transfer transactions/s through eth_sendRawTransaction vs the recovery ceiling.")

    @Option(name: .customLong("data-dir"), help: "Folder for the benchmark registry (must not exist).")
    var dataDir = "helio-bench-rpc"
    @Option(help: "Transactions in the measured window.") var transactions = 100_000
    @Option(help: "Transactions per JSON-RPC batch.") var batch = 2_000
    @Option(help: "Batches in flight.") var clients = 4
    @Option(help: "Funded accounts (split evenly between clients).") var accounts = 400

    func validate() throws {
        if FileManager.default.fileExists(atPath: dataDir) {
            throw ValidationError("\(dataDir) already exists: remove it or pass another --data-dir")
        }
        guard batch > 0, batch <= 10_000, clients > 0, accounts >= 2 * clients, transactions >= batch else {
            throw ValidationError("need 0 < --batch ≤ 10000, --accounts ≥ 2 × --clients, --transactions ≥ --batch")
        }
    }

    func run() async throws {
        warnIfDebugBuild()
        let ceiling = try await BenchLedger.rawRecoveriesPerSecondAllCores(seconds: 1.5)
        Output.note("ceiling: \(formatRate(ceiling)) raw recoveries/s on all cores")

        let checkpointKey = Workload.key("rpc-checkpoint")
        let store = try DataDirectory.openStore(dataDir)
        let genesis = try await RegistryGenesis.create(
            in: store, name: "bench-rpc", chainId: 7317, checkpointKey: checkpointKey, issuingBodies: [])
        let domain = genesis.config.domain
        var workload = Workload(domain: domain, accountCount: accounts, state: LedgerState())
        let token = workload.asset.tokenAddress
        try await Self.fund(&workload, store: store, domain: domain)

        let lanes = try await signLanes(workload, token: token, chainId: domain.chainId)
        Output.note("signed \(transactions) transactions in \(lanes.count) lanes of batches of \(batch)")

        let server = try await InProcessServer.start(dataDir: dataDir, checkpointKey: checkpointKey)
        let client = server.client

        let start = DispatchTime.now().uptimeNanoseconds
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for lane in lanes {
                group.addTask {
                    var mine: [Double] = []
                    for body in lane {
                        let t = DispatchTime.now().uptimeNanoseconds
                        let reply = try await client.post("/rpc", body: body)
                        mine.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                        try Self.requireHashes(reply)
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rate = Double(transactions) / seconds
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        Output.note(
            "eth_sendRawTransaction: \(formatRate(rate)) durable transfers/s, p99 \(String(format: "%.1f", p99)) ms "
                + "per batch of \(batch), ratio to ceiling \(formatRatio(rate / ceiling))")
        print(
            """
            ceiling_recoveries_per_s=\(formatRate(ceiling))
            rpc_transfers_per_s=\(formatRate(rate)) p99_batch_ms=\(String(format: "%.1f", p99)) batch=\(batch) \
            ratio_to_ceiling=\(formatRatio(rate / ceiling))
            """)
        await server.stop()
    }

    /// Defines the token and funds every account with native signed commands, before any timing.
    private static func fund(_ workload: inout Workload, store: any LedgerStore, domain: CommandDomain) async throws {
        let writer = try LedgerWriter(store: store, domain: domain)
        let setup = try workload.setupCommands(state: LedgerState())
        for result in try await writer.submitSigned(setup) { _ = try result.get() }
    }

    /// One lane per client: JSON-RPC batch bodies whose senders no other lane uses, in nonce order.
    private func signLanes(_ workload: Workload, token: Address, chainId: UInt64) async throws -> [[[UInt8]]] {
        let keys = workload.accounts
        let perLane = keys.count / clients
        var unsigned: [(lane: Int, key: Secp256k1.PrivateKey, nonce: UInt64, to: Address)] = []
        var nonces = [UInt64](repeating: 0, count: keys.count)
        for n in 0..<transactions {
            let lane = n % clients
            let position = (n / clients) % perLane
            let from = lane * perLane + position
            let to = lane * perLane + (position + 1) % perLane
            unsigned.append((lane, keys[from], nonces[from], keys[to].address))
            nonces[from] += 1
        }
        let raws = try await parallelMap(unsigned) { item in
            try EthereumTransaction.signed(
                type: EthereumTransaction.dynamicFeeType, chainId: chainId, nonce: item.nonce, to: token,
                data: ERC20Call.transfer(to: item.to, amount: 1).calldata, gas: 60_000, key: item.key)
        }
        var lanes: [[JSONValue]] = Array(repeating: [], count: clients)
        for (item, raw) in zip(unsigned, raws) {
            lanes[item.lane].append(
                .object([
                    .init("jsonrpc", "2.0"), .init("id", .integer(lanes[item.lane].count)),
                    .init("method", "eth_sendRawTransaction"), .init("params", .array([.string(EthData.encode(raw))])),
                ]))
        }
        let size = batch
        return lanes.map { requests in
            stride(from: 0, to: requests.count, by: size).map {
                JSONValue.array(Array(requests[$0..<min(requests.count, $0 + size)])).serialized
            }
        }
    }

    private static func requireHashes(_ reply: HTTPClient.Reply) throws {
        guard reply.status == 200, case .array(let results) = try reply.json() else {
            throw CLIError(
                "bench: /rpc answered \(reply.status): \(String(decoding: reply.body.prefix(300), as: UTF8.self))")
        }
        for r in results where r["result"] == nil {
            throw CLIError("bench: a transaction was refused: \(r)")
        }
    }
}
