import Foundation
import HelioCrypto
import HelioLedger

/// The registry's HTTP API as the demo uses it: typed views of the replies it reads, signed commands in
/// batches, and JSON-RPC. Every refusal becomes a one-line `CLIError` naming what the demo was doing.
struct DemoAPI: Sendable {
    let client: HTTPClient
    let domain: CommandDomain

    /// `GET path`, decoded; a problem+json answer is thrown as `<code>: <detail>`.
    func get<T: Decodable>(_ type: T.Type, _ path: String) async throws -> T {
        let reply = try await client.get(path)
        guard reply.status == 200 else { throw CLIError("demo: GET \(path): \(reply.problem().message)") }
        do { return try JSONDecoder().decode(T.self, from: Data(reply.body)) } catch {
            throw CLIError("demo: GET \(path) answered with an unexpected shape: \(error)")
        }
    }

    /// The raw body of a 200 answer to `GET path`.
    func raw(_ path: String) async throws -> [UInt8] {
        let reply = try await client.get(path)
        guard reply.status == 200 else { throw CLIError("demo: GET \(path): \(reply.problem().message)") }
        return reply.body
    }

    func nonce(_ address: Address) async throws -> UInt64 { try await client.nonce(of: address) }

    /// Posts signed commands as one array to `POST /v1/commands`; every one must be accepted. Returns the
    /// journal entry of each.
    @discardableResult
    func submit(_ commands: [SignedCommand], what: String) async throws -> [UInt64] {
        guard !commands.isEmpty else { return [] }
        let reply = try await client.post("/v1/commands", body: Array(try JSONEncoder().encode(commands)))
        guard reply.status == 200 else { throw CLIError("demo: \(what): \(reply.problem().message)") }
        let batch = try JSONDecoder().decode(CommandBatchView.self, from: Data(reply.body))
        return try batch.results.enumerated().map { i, r in
            guard r.accepted, let receipt = r.receipt else {
                throw CLIError(
                    "demo: \(what): command \(i) refused: \(r.error?.code ?? "?"): \(r.error?.detail ?? "")")
            }
            return receipt.index
        }
    }

    /// One JSON-RPC batch; returns each call's `result`, in order (an `error` is thrown).
    func rpc(_ calls: [(method: String, params: [JSONValue])], what: String) async throws -> [JSONValue] {
        guard !calls.isEmpty else { return [] }
        let body = JSONValue.array(
            calls.enumerated().map { i, call in
                .object([
                    .init("jsonrpc", "2.0"), .init("id", .integer(i)), .init("method", .string(call.method)),
                    .init("params", .array(call.params)),
                ])
            })
        let reply = try await client.post("/rpc", body: body.serialized)
        guard reply.status == 200, case .array(let answers) = try JSONValue(parsing: reply.body) else {
            throw CLIError("demo: \(what): /rpc answered HTTP \(reply.status)")
        }
        var results = [JSONValue](repeating: .null, count: calls.count)
        for answer in answers {
            guard case .number(let text) = answer["id"], let id = Int(text), results.indices.contains(id) else {
                continue
            }
            if let error = answer["error"], error != .null {
                throw CLIError("demo: \(what): \(calls[id].method) failed: \(error)")
            }
            results[id] = answer["result"] ?? .null
        }
        return results
    }
}

// MARK: - Views of the replies the demo reads (only the fields it uses).

struct CommandBatchView: Decodable {
    struct Result: Decodable {
        struct Receipt: Decodable { let index: UInt64 }
        struct Failure: Decodable {
            let code: String
            let detail: String
        }
        let accepted: Bool
        let receipt: Receipt?
        let error: Failure?
    }
    let results: [Result]
}

struct ReadingsReplyView: Decodable {
    struct Item: Decodable {
        let index: Int
        let outcome: String
        let reason: String?
        let detail: String?
    }
    let results: [Item]
}

struct RegistryView: Decodable {
    struct Reward: Decodable {
        let id: String
        let tokenAddress: String
    }
    let name: String
    let chainId: UInt64
    let checkpointAddress: String?
    let rewardAsset: Reward
    let journalSize: UInt64
}

struct AssetView: Decodable {
    let totalSupply: String
    let decimals: Int
}

struct BalancesView: Decodable {
    struct Holding: Decodable {
        let asset: String
        let amount: String
    }
    let nonce: UInt64
    let balances: [Holding]

    func amount(of asset: String) -> UInt256 {
        balances.first { $0.asset == asset }.flatMap { UInt256(decimal: $0.amount) } ?? .zero
    }
}

struct PartView: Decodable, Hashable {
    let id: String
    let lot: String
    let owner: String
    /// What the part holds now (0 once cancelled or transferred away).
    let volumeWh: UInt64
    /// What the part was created with.
    let createdWh: UInt64
    let status: String
    let scheme: String
    let device: String
    let gridArea: String
    let productionStart: Int64
    let productionEnd: Int64
}

extension PartView {
    /// The Wh of its lot this part accounts for: a cancelled part keeps its units (`createdWh`) though it
    /// holds nothing any more; any other part what it holds. Over every part of a lot, these add up to the
    /// lot's volume.
    var accountedWh: UInt64 { status == "cancelled" ? createdWh : volumeWh }
}

struct PartListView: Decodable { let certificates: [PartView] }

struct IssuanceTrailView: Decodable {
    struct Item: Decodable {
        let periodStart: Int64
        let energyWh: UInt64
        let reward: String
    }
    let totalEnergyWh: UInt64
    let totalReward: String
    let issuances: [Item]
}

struct DeviceCertificatesView: Decodable {
    struct Carry: Decodable { let energyWh: UInt64 }
    struct Hour: Decodable {
        let hourStart: Int64
        let energyWh: UInt64
    }
    let goCarry: Carry
    let pendingHours: [Hour]
}

struct CancellationView: Decodable {
    let id: String
    let lot: String
    let part: String
    let volumeWh: UInt64
}

struct CancellationListView: Decodable { let cancellations: [CancellationView] }

/// The 201 reply of `POST /v1/cancellations`.
struct CancellationCreatedView: Decodable {
    let id: String
    let part: String
    let lot: String
}

struct DisputeListView: Decodable {
    struct Item: Decodable {
        struct Period: Decodable {
            let periodStart: Int64
            let periodEnd: Int64
        }
        let meter: String
        let device: String
        let period: Period
    }
    let disputes: [Item]
}
