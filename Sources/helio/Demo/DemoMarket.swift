import Foundation
import HelioCrypto
import HelioEthereum
import HelioLedger

/// The certificate market of the neighbourhood, all through the API with real signatures:
/// 1. the cooperative distributes SUN to its members (household, school, office): ERC20 `transfer`s as
///    signed EIP-1559 transactions through `eth_sendRawTransaction`;
/// 2. each member pays the producers in SUN (raw transactions again), and each producer transfers the
///    certificate Wh to the member (`TransferCertificate`, signed by the producer, `POST /v1/commands`);
/// 3. each member cancels what it bought for itself as beneficiary (`POST /v1/cancellations`).
///
/// The household and the school buy GO Wh for their consumption over the simulated days; the office buys,
/// for each of its opening hours, GC Wh produced in that very hour (PV first, then wind), up to its
/// consumption of the hour.
struct DemoMarket {
    /// The price of a certificate, SUN base units per Wh: 10^9, i.e. 0.001 SUN per MWh (10^15 base units).
    /// Symbolic: the SUN in the demo comes from one community roof over a few days, so a market price
    /// (several SUN per MWh) could not be paid. Integers only: a purchase of v Wh costs v × 10^9 base units.
    static let priceBaseUnitsPerWh: UInt64 = 1_000_000_000
    /// The cooperative keeps a tenth of its SUN; the members' purchases are planned within the rest.
    static let distributedShareNumerator: UInt64 = 9
    static let distributedShareDenominator: UInt64 = 10
    /// The office buys from at most this many PV lots per hour (the biggest), then wind: at most 4
    /// cancellations an hour keeps a month of them under the API's 1,000-item pages.
    static let pvLotsPerHour = 3

    struct Purchase: Sendable {
        let buyer: Consumer.Role
        let seller: Address
        let part: String
        let lot: String
        let wh: UInt64
        var cost: UInt256 { UInt256(wh).multiplied(by: DemoMarket.priceBaseUnitsPerWh) ?? .zero }
    }

    struct Cancelled: Sendable {
        let id: String
        let buyer: Consumer.Role
        let lot: String
        let part: String
        let wh: UInt64
    }

    struct Outcome: Sendable {
        var purchases: [Purchase] = []
        /// Purchases planned but left out because the cooperative's SUN could not pay for them.
        var unaffordable = 0
        var distributed: [Consumer.Role: UInt256] = [:]
        var cancellations: [Cancelled] = []
        var transactions = 0
    }

    let api: DemoAPI
    let neighbourhood: Neighbourhood
    let consumption: ConsumptionProfile
    let sunAsset: String
    let sunToken: Address
    let periodStart: Int64
    let periodEnd: Int64

    func run(progress: ProgressBar) async throws -> Outcome {
        var outcome = Outcome()
        let parts = try await availableParts()
        var plan = planPurchases(parts)
        let balance = try await api.get(
            BalancesView.self, "/v1/accounts/\(neighbourhood.cooperative.address.checksummed)/balances"
        ).amount(of: sunAsset)
        let budget =
            balance.multiplied(by: Self.distributedShareNumerator)?.quotientAndRemainder(
                dividingBy: Self.distributedShareDenominator
            ).quotient ?? .zero
        var spent = UInt256.zero
        plan = plan.filter { p in
            guard let next = spent.adding(p.cost), !(budget < next) else {
                outcome.unaffordable += 1
                return false
            }
            spent = next
            return true
        }
        outcome.purchases = plan
        for role in Consumer.Role.allCases {
            outcome.distributed[role] = plan.filter { $0.buyer == role }.reduce(UInt256.zero) {
                $0.adding($1.cost) ?? $0
            }
        }
        progress.step("the cooperative distributes \(TokenAmount.format(spent.description)) SUN to its members")
        let coop = neighbourhood.cooperative
        let gifts = neighbourhood.consumers.compactMap { c -> (Address, UInt256)? in
            guard let amount = outcome.distributed[c.role], amount != .zero else { return nil }
            return (c.key.address, amount)
        }
        outcome.transactions += try await pay(from: coop, gifts, what: "the cooperative's distribution")
        progress.step("members pay \(plan.count) purchases in SUN; producers transfer the certificates")
        for c in neighbourhood.consumers {
            let mine = plan.filter { $0.buyer == c.role }
            outcome.transactions += try await pay(from: c.key, mine.map { ($0.seller, $0.cost) }, what: "payments")
        }
        try await transfer(plan)
        progress.step("members cancel what they bought, for themselves")
        for c in neighbourhood.consumers {
            outcome.cancellations += try await cancelHoldings(of: c)
        }
        return outcome
    }

    /// Every active part the producers hold, per device, oldest lot first (fetched per simulated day: the
    /// list endpoint returns at most 1,000 parts).
    func availableParts() async throws -> [PartView] {
        var seen: Set<String> = []
        var out: [PartView] = []
        for d in neighbourhood.devices {
            var from = periodStart
            while from < periodEnd {
                let path =
                    "/v1/certificates?device=\(d.id)&status=active&from=\(from)&to=\(from + 86_400)&limit=1000"
                for p in try await api.get(PartListView.self, path).certificates where seen.insert(p.id).inserted {
                    out.append(p)
                }
                from += 86_400
            }
        }
        return out.sorted { DemoParts.order($0.id) < DemoParts.order($1.id) }
    }

    func planPurchases(_ parts: [PartView]) -> [Purchase] {
        // The neighbourhood's producers by the spelling the API uses: only their parts are for sale.
        let producers = Dictionary(
            neighbourhood.devices.map { ($0.owner.address.checksummed, $0.owner.address) },
            uniquingKeysWith: { a, _ in a })
        let mine = parts.filter { producers[$0.owner] != nil && $0.volumeWh > 0 }
        var left: [String: UInt64] = Dictionary(uniqueKeysWithValues: mine.map { ($0.id, $0.volumeWh) })
        var out: [Purchase] = []
        func take(_ role: Consumer.Role, need: UInt64, from candidates: [PartView]) {
            var need = need
            for p in candidates where need > 0 {
                let wh = min(need, left[p.id] ?? 0)
                guard wh > 0, let seller = producers[p.owner] else { continue }
                out.append(Purchase(buyer: role, seller: seller, part: p.id, lot: p.lot, wh: wh))
                left[p.id, default: 0] -= wh
                need -= wh
            }
        }
        let gos = mine.filter { $0.scheme == "GO" }
        take(.household, need: consumption.total(.household), from: gos)
        take(.school, need: consumption.total(.school), from: gos)
        let kinds = Dictionary(uniqueKeysWithValues: neighbourhood.devices.map { ($0.id, $0.kind) })
        let gcs = Dictionary(grouping: mine.filter { $0.scheme == "GC" }, by: \.productionStart)
        for (h, start) in consumption.hours.enumerated() where ConsumptionProfile.officeOpen(start) {
            let hour = gcs[start] ?? []
            // Local solar first: the hour's biggest PV lots (at most `pvLotsPerHour`), then the wind turbine's.
            let solar = hour.filter { kinds[$0.device] == .pv }.sorted {
                $0.volumeWh != $1.volumeWh ? $0.volumeWh > $1.volumeWh : DemoParts.order($0.id) < DemoParts.order($1.id)
            }
            let wind = hour.filter { kinds[$0.device] == .wind }
            take(.office, need: consumption.office[h], from: Array(solar.prefix(Self.pvLotsPerHour)) + wind)
        }
        return out
    }

    /// ERC20 `transfer`s of SUN from `key`, as signed EIP-1559 transactions in one JSON-RPC batch, then
    /// their receipts: every one must have landed with status 1.
    private func pay(
        from key: Secp256k1.PrivateKey, _ payments: [(Address, UInt256)], what: String
    ) async throws
        -> Int
    {
        guard !payments.isEmpty else { return 0 }
        let nonce = try await api.nonce(key.address)
        let raws = try Self.signTransfers(
            payments, token: sunToken, chainId: api.domain.chainId, firstNonce: nonce, key: key)
        let hashes = try await api.rpc(
            raws.map { ("eth_sendRawTransaction", [.string(EthData.encode($0))]) }, what: what)
        let receipts = try await api.rpc(hashes.map { ("eth_getTransactionReceipt", [$0]) }, what: what)
        for (i, receipt) in receipts.enumerated() where receipt["status"] != .string("0x1") {
            throw CLIError("demo: \(what): transaction \(hashes[i]) did not succeed: \(receipt)")
        }
        return raws.count
    }

    static func signTransfers(
        _ payments: [(Address, UInt256)], token: Address, chainId: UInt64, firstNonce: UInt64,
        key: Secp256k1.PrivateKey
    ) throws -> [[UInt8]] {
        try payments.enumerated().map { i, p in
            try EthereumTransaction.signed(
                type: EthereumTransaction.dynamicFeeType, chainId: chainId, nonce: firstNonce + UInt64(i), to: token,
                data: ERC20Call.transfer(to: p.0, amount: p.1).calldata, gas: 60_000, key: key)
        }
    }

    /// Each producer signs the `TransferCertificate`s of its sales, one array per producer.
    private func transfer(_ plan: [Purchase]) async throws {
        let owners = Dictionary(neighbourhood.devices.map { ($0.owner.address, $0.owner) }) { a, _ in a }
        let buyers = Dictionary(uniqueKeysWithValues: neighbourhood.consumers.map { ($0.role, $0.key.address) })
        var sellers: [Address] = []
        for p in plan where !sellers.contains(p.seller) { sellers.append(p.seller) }
        for seller in sellers {
            guard let key = owners[seller] else { continue }
            let commands = plan.filter { $0.seller == seller }.map { p in
                Command.transferCertificate(.init(part: p.part, to: buyers[p.buyer]!, volumeWh: p.wh))
            }
            let nonce = try await api.nonce(seller)
            try await api.submit(
                try DemoRegistry.sign(commands, from: nonce, domain: api.domain, with: key),
                what: "certificate transfers of \(seller.checksummed)")
        }
    }

    /// Cancels every active part `consumer` holds, whole, for itself: GOs for the simulated period, GCs for
    /// their production hour. The beneficiary's salt comes from the seed, so a re-run commits the same.
    private func cancelHoldings(of consumer: Consumer) async throws -> [Cancelled] {
        let holdings = try await api.get(
            PartListView.self, "/v1/certificates?owner=\(consumer.key.address.checksummed)&status=active&limit=1000"
        ).certificates.sorted { DemoParts.order($0.id) < DemoParts.order($1.id) }
        var nonce = try await api.nonce(consumer.key.address)
        var out: [Cancelled] = []
        for (n, part) in holdings.enumerated() {
            let opening = BeneficiaryOpening(
                salt: DemoKeys.salt(seed: neighbourhood.seed, label: "\(consumer.role.rawValue)/\(n)"),
                name: consumer.beneficiaryName, address: consumer.beneficiaryAddress)
            let hourly = part.scheme == "GC"
            let command = Command.cancelCertificate(
                .init(
                    part: part.id, volumeWh: part.volumeWh, beneficiaryCommitment: opening.commitment,
                    purpose: consumer.purpose, consumptionStart: hourly ? part.productionStart : periodStart,
                    consumptionEnd: hourly ? part.productionStart + 3600 : periodEnd,
                    location: Neighbourhood.gridArea))
            let signed = try DemoRegistry.sign([command], from: nonce, domain: api.domain, with: consumer.key)[0]
            nonce += 1
            let body = Array(try JSONEncoder().encode(CancelBody(command: signed, beneficiary: opening)))
            let reply = try await api.client.post("/v1/cancellations", body: body)
            guard reply.status == 201 else {
                throw CLIError(
                    "demo: cancelling \(part.id) for \(consumer.beneficiaryName): \(reply.problem().message)")
            }
            let created = try JSONDecoder().decode(CancellationCreatedView.self, from: Data(reply.body))
            out.append(
                Cancelled(id: created.id, buyer: consumer.role, lot: part.lot, part: created.part, wh: part.volumeWh))
        }
        return out
    }

    struct CancelBody: Encodable {
        let command: SignedCommand
        let beneficiary: BeneficiaryOpening
    }
}

enum DemoParts {
    /// Sort key of a lot or part id `<scheme>-<n>[.<k>]`: lot number, then part number.
    static func order(_ id: String) -> (UInt64, UInt64) {
        let numbers = (id.split(separator: "-").last ?? "").split(separator: ".").map { UInt64($0) ?? 0 }
        return (numbers.first ?? 0, numbers.count > 1 ? numbers[1] : 0)
    }
}
