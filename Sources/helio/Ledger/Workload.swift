import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry

/// A deterministic transfer workload for benchmarks and crash tests: one issuer defines an asset and
/// funds `accountCount` accounts, which then send each other 1 base unit round-robin.
///
/// Keys are derived from public seeds ("helio-workload-<i>"): TEST ONLY, never hold value with them.
struct Workload: Sendable {
    static let fundingPerAccount = UInt256(decimal: "1000000000000000000000000")!

    let domain: CommandDomain
    let issuer: Secp256k1.PrivateKey
    let accounts: [Secp256k1.PrivateKey]
    let asset: AssetID
    private(set) var nonces: [Address: UInt64]
    private var cursor = 0

    static func key(_ label: String) -> Secp256k1.PrivateKey {
        try! Secp256k1.PrivateKey(rawRepresentation: Digest.sha256(Array("helio-workload-\(label)".utf8)))
    }

    /// Picks up where `state` left off (nonces), so a restarted process continues the same workload.
    init(domain: CommandDomain, accountCount: Int, state: LedgerState, accountOffset: Int = 0) {
        self.domain = domain
        issuer = Self.key("issuer")
        accounts = (0..<accountCount).map { Self.key("account-\($0 + accountOffset)") }
        asset = AssetID(issuer: issuer.address, nonce: 0)
        var nonces: [Address: UInt64] = [:]
        for key in [issuer] + accounts { nonces[key.address] = state.nonce(key.address) }
        self.nonces = nonces
    }

    /// The commands still needed to define the asset and fund every account (empty when done).
    mutating func setupCommands(state: LedgerState) throws -> [SignedCommand] {
        var out: [SignedCommand] = []
        if state.assets[asset] == nil {
            let definition = AssetDefinition(
                assetIDs: [asset.text], nameShort: "BENCH", name: "Helio benchmark token",
                issuer: "Helio workload (test only)", description: "Synthetic token for benchmarks and crash tests.",
                divisibility: 18)
            let define = Command.defineAsset(
                .init(
                    definition: definition, name: "Helio Bench", symbol: "BENCH", decimals: 18,
                    minters: [issuer.address]))
            out.append(try sign(define, by: issuer))
        }
        for key in accounts where state.balance(asset, key.address).isZero {
            out.append(
                try sign(.mint(.init(asset: asset, to: key.address, amount: Self.fundingPerAccount)), by: issuer))
        }
        return out
    }

    /// The next `count` transfers, round-robin over the accounts, signed on all cores.
    mutating func nextTransfers(_ count: Int) async throws -> [SignedCommand] {
        try await nextTransferLanes(count, lanes: 1)[0]
    }

    /// `lanes` lists of transfers whose senders are disjoint (lane k uses the accounts i with
    /// i % lanes == k), so the lists can be submitted concurrently without one lane's nonce overtaking
    /// another's. Lanes take turns sending, round-robin inside each lane.
    mutating func nextTransferLanes(_ count: Int, lanes: Int) async throws -> [[SignedCommand]] {
        precondition(lanes >= 1 && accounts.count >= lanes * 2, "each lane needs at least two accounts")
        var unsigned: [[(Command, UInt64, Secp256k1.PrivateKey)]] = Array(repeating: [], count: lanes)
        for n in 0..<count {
            let lane = n % lanes
            let laneSize = accounts.count / lanes
            let position = cursor / lanes % laneSize
            let from = accounts[position * lanes + lane]
            let to = accounts[((position + 1) % laneSize) * lanes + lane].address
            cursor += 1
            let nonce = nonces[from.address]!
            nonces[from.address] = nonce + 1
            unsigned[lane].append((.transfer(.init(asset: asset, to: to, amount: 1)), nonce, from))
        }
        let domain = self.domain
        let flat = unsigned.flatMap { $0 }
        let signed = try await parallelMap(flat) { item in
            try SignedCommand.sign(item.0, nonce: item.1, domain: domain, with: item.2)
        }
        var out: [[SignedCommand]] = []
        var start = 0
        for lane in unsigned {
            out.append(Array(signed[start..<start + lane.count]))
            start += lane.count
        }
        return out
    }

    private mutating func sign(_ command: Command, by key: Secp256k1.PrivateKey) throws -> SignedCommand {
        let nonce = nonces[key.address]!
        nonces[key.address] = nonce + 1
        return try SignedCommand.sign(command, nonce: nonce, domain: domain, with: key)
    }
}

/// Maps on all cores, keeping order.
func parallelMap<T: Sendable, U: Sendable>(
    _ items: [T], _ body: @escaping @Sendable (T) throws -> U
) async throws
    -> [U]
{
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / 32))
    let chunk = (items.count + workers - 1) / workers
    return try await withThrowingTaskGroup(of: (Int, [U]).self) { group in
        for w in 0..<workers {
            let slice = Array(items[min(items.count, w * chunk)..<min(items.count, (w + 1) * chunk)])
            group.addTask { (w, try slice.map(body)) }
        }
        var parts = [[U]](repeating: [], count: workers)
        for try await (w, part) in group { parts[w] = part }
        return parts.flatMap { $0 }
    }
}
