import Foundation
import HelioCrypto
import HelioEnergy
import HelioLedger

/// The numbers of one demo run, read back from the registry's API (not from the demo's own bookkeeping,
/// except the readings' outcomes, which are the registry's own per-reading replies).
struct DemoSummary: Sendable {
    struct DeviceFacts: Sendable {
        let device: DemoDevice
        let issuedWh: UInt64
        let rewardBaseUnits: UInt256
        let goWh: UInt64
        let gcWh: UInt64
        let goLots: Int
        let gcLots: Int
        let goCarryWh: UInt64
        let gcPendingWh: UInt64
        /// Issued Wh per simulated day and per hour (for the report's charts).
        let dailyWh: [UInt64]
        let hourlyWh: [UInt64]
    }

    struct ConsumerFacts: Sendable {
        let consumer: Consumer
        let consumptionWh: UInt64
        let boughtWh: UInt64
        let paidBaseUnits: UInt256
        let cancelledWh: UInt64
        let cancellations: Int
    }

    var seed: UInt64 = 0
    var days = 0
    var producers = 0
    var firstDay = ""
    var endDate = ""
    var registry: RegistryView?
    var tally = ReadingTally()
    var disputes: [DisputeListView.Item] = []
    var skies: [Weather.Sky] = []
    var sunMinted = UInt256.zero
    var devices: [DeviceFacts] = []
    var consumers: [ConsumerFacts] = []
    var market = DemoMarket.Outcome()
    var statements = DemoStatements()
    var hours: [Int64] = []
    var officeConsumption: [UInt64] = []
    var files: [(String, String)] = []
    var wallSeconds = 0.0
    var url: String?

    // MARK: derived totals

    var attestedWh: UInt64 { devices.reduce(0) { $0 + $1.issuedWh } }
    var solarWh: UInt64 { devices.filter { $0.device.kind == .pv }.reduce(0) { $0 + $1.issuedWh } }
    var windWh: UInt64 { attestedWh - solarWh }
    var rewardsBaseUnits: UInt256 { devices.reduce(UInt256.zero) { $0.adding($1.rewardBaseUnits) ?? $0 } }
    var goWh: UInt64 { devices.reduce(0) { $0 + $1.goWh } }
    var gcWh: UInt64 { devices.reduce(0) { $0 + $1.gcWh } }
    var goCarryWh: UInt64 { devices.reduce(0) { $0 + $1.goCarryWh } }
    var gcPendingWh: UInt64 { devices.reduce(0) { $0 + $1.gcPendingWh } }

    func cancelledWh(_ scheme: String) -> UInt64 {
        market.cancellations.filter { $0.lot.hasPrefix(scheme + "-") }.reduce(0) { $0 + $1.wh }
    }

    /// What must hold whatever the weather: every SUN base unit is backed by solar Wh issued from readings
    /// (10^12 per Wh), the supply equals the rewards the issuance trails name, and each scheme accounts for
    /// every attested Wh (issued, or still in the GO carry / a pending GC hour).
    var checks: [(String, Bool)] {
        [
            ("sunSupplyEqualsRewards", sunMinted == rewardsBaseUnits),
            ("sunBackedBySolarWh", UInt256(solarWh).multiplied(by: LedgerState.rewardUnitsPerWh) == sunMinted),
            ("goIssuedPlusCarryEqualsAttested", goWh + goCarryWh == attestedWh),
            ("gcIssuedPlusPendingEqualsAttested", gcWh + gcPendingWh == attestedWh),
            ("certifiedAtMostAttested", goWh <= attestedWh && gcWh <= attestedWh),
        ]
    }

    /// Reads everything back from the API.
    static func collect(
        api: DemoAPI, neighbourhood n: Neighbourhood, periodStart: Int64, days: Int, consumption: ConsumptionProfile,
        market: DemoMarket.Outcome
    ) async throws -> DemoSummary {
        var s = DemoSummary()
        let registry = try await api.get(RegistryView.self, "/v1/registry")
        s.registry = registry
        s.sunMinted =
            UInt256(decimal: try await api.get(AssetView.self, "/v1/assets/\(registry.rewardAsset.id)").totalSupply)
            ?? .zero
        s.disputes = try await api.get(DisputeListView.self, "/v1/disputes?limit=1000").disputes
        for d in n.devices {
            let trail = try await api.get(IssuanceTrailView.self, "/v1/devices/\(d.id)/issuance")
            let certs = try await api.get(DeviceCertificatesView.self, "/v1/devices/\(d.id)/certificates")
            var parts: [String: PartView] = [:]
            for day in 0..<days {
                let from = periodStart + Int64(day) * 86_400
                let path = "/v1/certificates?device=\(d.id)&from=\(from)&to=\(from + 86_400)&limit=1000"
                for p in try await api.get(PartListView.self, path).certificates { parts[p.id] = p }
            }
            let go = parts.values.filter { $0.scheme == "GO" }
            let gc = parts.values.filter { $0.scheme == "GC" }
            var daily = [UInt64](repeating: 0, count: days)
            var hourly = [UInt64](repeating: 0, count: days * 24)
            for i in trail.issuances {
                let offset = i.periodStart - periodStart
                guard offset >= 0, offset < Int64(days) * 86_400 else { continue }
                daily[Int(offset / 86_400)] += i.energyWh
                hourly[Int(offset / 3600)] += i.energyWh
            }
            s.devices.append(
                DeviceFacts(
                    device: d, issuedWh: trail.totalEnergyWh,
                    rewardBaseUnits: UInt256(decimal: trail.totalReward) ?? .zero,
                    goWh: go.reduce(0) { $0 + $1.accountedWh }, gcWh: gc.reduce(0) { $0 + $1.accountedWh },
                    goLots: Set(go.map(\.lot)).count, gcLots: Set(gc.map(\.lot)).count,
                    goCarryWh: certs.goCarry.energyWh, gcPendingWh: certs.pendingHours.reduce(0) { $0 + $1.energyWh },
                    dailyWh: daily, hourlyWh: hourly))
        }
        for c in n.consumers {
            let list = try await api.get(
                CancellationListView.self, "/v1/cancellations?holder=\(c.key.address.checksummed)&limit=1000")
            let bought = market.purchases.filter { $0.buyer == c.role }
            s.consumers.append(
                ConsumerFacts(
                    consumer: c, consumptionWh: consumption.total(c.role), boughtWh: bought.reduce(0) { $0 + $1.wh },
                    paidBaseUnits: bought.reduce(UInt256.zero) { $0.adding($1.cost) ?? $0 },
                    cancelledWh: list.cancellations.reduce(0) { $0 + $1.volumeWh },
                    cancellations: list.cancellations.count))
        }
        s.market = market
        s.hours = consumption.hours
        s.officeConsumption = consumption.office
        return s
    }
}

// MARK: - JSON

extension DemoSummary {
    var json: JSONValue {
        func int(_ v: some BinaryInteger) -> JSONValue { .integer(v) }
        func big(_ v: UInt256) -> JSONValue { .number(v.description) }
        func obj(_ members: [(String, JSONValue)]) -> JSONValue { .object(members.map { .init($0.0, $0.1) }) }
        let reg = registry
        let rejected = tally.rejectedByReason.sorted { $0.key < $1.key }.map { ($0.key, int($0.value)) }
        let faults: [JSONValue] = tally.faults.map { f in
            obj([
                ("fault", .string(f.fault.rawValue)), ("what", .string(f.fault.title)), ("meter", .string(f.meter)),
                ("periodStart", int(f.periodStart)), ("outcome", .string(f.outcome)),
                ("reason", f.reason.map { .string($0) } ?? .null),
            ])
        }
        let match = statements.match
        return obj([
            ("format", "helio-demo-summary/v1"),
            (
                "options",
                obj([
                    ("seed", int(seed)), ("days", int(days)), ("producers", int(producers)),
                    ("firstDay", .string(firstDay)), ("endDate", .string(endDate)),
                ])
            ),
            (
                "location",
                obj([
                    ("town", .string(Neighbourhood.town)), ("country", .string(Neighbourhood.country)),
                    ("gridArea", .string(Neighbourhood.gridArea)), ("latitudeE6", int(Neighbourhood.latitudeE6)),
                    ("longitudeE6", int(Neighbourhood.longitudeE6)),
                ])
            ),
            (
                "registry",
                obj([
                    ("name", .string(reg?.name ?? "")), ("chainId", int(reg?.chainId ?? 0)),
                    ("checkpointAddress", .string(reg?.checkpointAddress ?? "")),
                    ("sunAssetId", .string(reg?.rewardAsset.id ?? "")),
                    ("sunTokenAddress", .string(reg?.rewardAsset.tokenAddress ?? "")),
                    ("journalSize", int(reg?.journalSize ?? 0)),
                    ("keystorePassword", .string(DemoRegistry.password)), ("testOnly", true),
                ])
            ),
            ("weather", .array(skies.map { .string($0.rawValue) })),
            (
                "readings",
                obj([
                    ("posted", int(tally.posted)), ("accepted", int(tally.accepted)),
                    ("alreadyRecorded", int(tally.alreadyRecorded)), ("rejected", int(tally.rejected)),
                    ("rejectedByReason", obj(rejected)), ("disputedPeriods", int(disputes.count)),
                    ("faults", .array(faults)),
                ])
            ),
            (
                "energy",
                obj([("attestedWh", int(attestedWh)), ("solarWh", int(solarWh)), ("windWh", int(windWh))])
            ),
            (
                "sun",
                obj([
                    ("mintedBaseUnits", big(sunMinted)), ("minted", .string(TokenAmount.format(sunMinted.description))),
                    ("rewardsBaseUnits", big(rewardsBaseUnits)),
                    ("priceBaseUnitsPerWh", int(DemoMarket.priceBaseUnitsPerWh)),
                    (
                        "distributedBaseUnits",
                        big(market.distributed.values.reduce(UInt256.zero) { $0.adding($1) ?? $0 })
                    ),
                    ("transactions", int(market.transactions)),
                ])
            ),
            (
                "certificates",
                obj([
                    (
                        "GO",
                        obj([
                            ("issuedWh", int(goWh)), ("lots", int(devices.reduce(0) { $0 + $1.goLots })),
                            ("cancelledWh", int(cancelledWh("GO"))), ("carryWh", int(goCarryWh)),
                        ])
                    ),
                    (
                        "GC",
                        obj([
                            ("issuedWh", int(gcWh)), ("lots", int(devices.reduce(0) { $0 + $1.gcLots })),
                            ("cancelledWh", int(cancelledWh("GC"))), ("pendingWh", int(gcPendingWh)),
                        ])
                    ),
                    ("purchases", int(market.purchases.count)), ("unaffordablePurchases", int(market.unaffordable)),
                ])
            ),
            (
                "devices",
                .array(
                    devices.map { f in
                        obj([
                            ("id", .string(f.device.id)), ("name", .string(f.device.name)),
                            ("kind", .string(f.device.kind.rawValue)), ("capacityW", int(f.device.capacityW)),
                            ("owner", .string(f.device.owner.address.checksummed)), ("meter", .string(f.device.meter)),
                            ("issuedWh", int(f.issuedWh)), ("rewardBaseUnits", big(f.rewardBaseUnits)),
                            ("goWh", int(f.goWh)), ("gcWh", int(f.gcWh)), ("goCarryWh", int(f.goCarryWh)),
                            ("gcPendingWh", int(f.gcPendingWh)), ("dailyWh", .array(f.dailyWh.map { int($0) })),
                        ])
                    })
            ),
            (
                "consumers",
                .array(
                    consumers.map { c in
                        obj([
                            ("role", .string(c.consumer.role.rawValue)),
                            ("beneficiary", .string(c.consumer.beneficiaryName)),
                            ("address", .string(c.consumer.key.address.checksummed)),
                            ("scheme", .string(c.consumer.scheme.rawValue)), ("consumptionWh", int(c.consumptionWh)),
                            ("boughtWh", int(c.boughtWh)), ("paidBaseUnits", big(c.paidBaseUnits)),
                            ("cancelledWh", int(c.cancelledWh)), ("cancellations", int(c.cancellations)),
                        ])
                    })
            ),
            (
                "matching",
                obj([
                    (
                        "beneficiary",
                        .string(Consumer(role: .office, key: DemoKeys.key(seed: seed, role: "office")).beneficiaryName)
                    ),
                    ("consumptionWh", int(match?.consumptionWh ?? 0)), ("matchedWh", int(match?.matchedWh ?? 0)),
                    ("shareBasisPoints", match?.shareBasisPoints.map { int($0) } ?? .null),
                    ("hoursWithConsumption", int(match?.hoursWithConsumption ?? 0)),
                    ("hoursFullyMatched", int(match?.hoursFullyMatched ?? 0)),
                ])
            ),
            (
                "statements",
                obj([
                    ("id", statements.statementID.map { .string($0) } ?? .null),
                    ("verified", .bool(statements.statementVerified)),
                    ("aggregateStatements", int(statements.aggregateStatements)),
                    ("aggregateWh", int(statements.aggregateWh)),
                    ("aggregateVerified", .bool(statements.aggregateVerified)),
                ])
            ),
            ("checks", obj(checks.map { ($0.0, .bool($0.1)) })),
            ("files", obj(files.map { ($0.0, .string($0.1)) })),
            (
                "timing",
                obj([
                    ("wallSeconds", .number(String(format: "%.3f", wallSeconds))),
                    ("readingsSeconds", .number(String(format: "%.3f", tally.seconds))),
                    ("readingsPerSecond", int(Int(tally.perSecond))),
                ])
            ),
        ])
    }
}

/// Indented JSON for people (JSONValue writes compact JSON); numbers keep their exact text.
enum DemoJSON {
    static func pretty(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let items) where !items.isEmpty:
            if items.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
                return value.description
            }
            return "[\n" + items.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members) where !members.isEmpty:
            return "{\n"
                + members.map { inner + JSONValue.string($0.key).description + ": " + pretty($0.value, indent: inner) }
                .joined(separator: ",\n") + "\n\(indent)}"
        default:
            return value.description
        }
    }
}
