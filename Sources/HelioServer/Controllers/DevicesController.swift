import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// What the issuing body registered and what oracles attested, read from the writer's state:
/// `GET /v1/devices`, `/v1/devices/{id}`, `/v1/devices/{id}/issuance` (every token back to its signed
/// readings), `/v1/oracles`, `/v1/oracles/{address}`, `/v1/meters/{id}/periods`, `/v1/disputes`.
struct DevicesController<Context: RequestContext>: Sendable {
    let registry: Registry

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("devices", use: devices)
        group.get("devices/:id", use: device)
        group.get("devices/:id/issuance", use: issuance)
        group.get("oracles", use: oracles)
        group.get("oracles/:address", use: oracle)
        group.get("meters/:id/periods", use: periods)
        group.get("disputes", use: disputes)
    }

    private func state() async -> RegistryState { await registry.writer.currentState.registry }

    private func notFound(_ what: String) -> Problem {
        Problem(code: "not_found", status: .notFound, title: "Not found", detail: what)
    }

    @Sendable func devices(_ request: Request, context: Context) async throws -> DeviceList {
        let s = await state()
        return DeviceList(devices: s.devices.values.sorted { $0.id < $1.id }.map { DeviceView($0, s) })
    }

    @Sendable func device(_ request: Request, context: Context) async throws -> DeviceView {
        let id = try context.parameters.require("id")
        let s = await state()
        guard let d = s.devices[id] else { throw notFound("no device \(id)") }
        return DeviceView(d, s)
    }

    @Sendable func issuance(_ request: Request, context: Context) async throws -> IssuanceTrail {
        let id = try context.parameters.require("id")
        let s = await state()
        guard s.devices[id] != nil else { throw notFound("no device \(id)") }
        let issuances = s.issuances(device: id)
        var energy: UInt64 = 0
        var reward = UInt256.zero
        var items: [IssuanceTrail.Item] = []
        for i in issuances {
            energy += i.energyWh
            reward = reward.adding(i.reward) ?? reward
            let period = s.meters[i.meter]?.period(start: i.periodStart, end: i.periodEnd)
            // Agreeing oracles sign identical readings, so their ids are equal: match each id to the next
            // attestation carrying it, in recording order (the order of `readingIDs`), to name every oracle.
            let attestations = period?.attestations ?? []
            var used = Set<Int>()
            let readings = i.readingIDs.map { rid in
                let k = attestations.indices.first { !used.contains($0) && attestations[$0].readingID == rid }
                if let k { used.insert(k) }
                let a = k.map { attestations[$0] }
                return IssuanceTrail.Reading(
                    id: Hex.encode(rid, prefixed: true), oracle: a?.oracle.checksummed ?? "", entry: a?.entry ?? 0)
            }
            items.append(
                IssuanceTrail.Item(
                    meter: i.meter, periodStart: i.periodStart, periodEnd: i.periodEnd, energyWh: i.energyWh,
                    reward: i.reward.description, owner: i.owner.checksummed, entry: i.entry, readings: readings))
        }
        return IssuanceTrail(
            device: id, rewardAsset: s.rewardAsset?.text, totalEnergyWh: energy, totalReward: reward.description,
            issuances: items)
    }

    @Sendable func oracles(_ request: Request, context: Context) async throws -> OracleList {
        let s = await state()
        return OracleList(oracles: s.oracles.values.sorted { $0.address < $1.address }.map { OracleView($0, s) })
    }

    @Sendable func oracle(_ request: Request, context: Context) async throws -> OracleView {
        let text = try context.parameters.require("address")
        guard let address = try? Address(text) else {
            throw Problem.badRequest("invalid_address", "\(text) is not an address")
        }
        let s = await state()
        guard let o = s.oracles[address] else { throw notFound("no oracle \(address)") }
        return OracleView(o, s)
    }

    /// `?from=<unix>&limit=<n>` (default: the latest 100 periods).
    @Sendable func periods(_ request: Request, context: Context) async throws -> PeriodList {
        let id = try context.parameters.require("id")
        let limit = try Self.limit(request)
        let s = await state()
        guard let m = s.meters[id] else { throw notFound("no meter \(id)") }
        var selected: ArraySlice<PeriodRecord>
        if let fromText = request.uri.queryParameters.get("from") {
            guard let from = Int64(fromText), from >= 0 else {
                throw Problem.badRequest("invalid_query", "from must be a non-negative integer")
            }
            selected = m.periods[m.insertionIndex(from)...].prefix(limit)
        } else {
            selected = m.periods.suffix(limit)
        }
        let quorum = { (p: PeriodRecord) in Int(m.assignment(at: p.start)?.quorum ?? 0) }
        return PeriodList(meter: id, device: m.device, periods: selected.map { PeriodView($0, quorum: quorum($0)) })
    }

    /// Periods whose oracles disagree, newest first (`?limit=<n>`).
    @Sendable func disputes(_ request: Request, context: Context) async throws -> DisputeList {
        let limit = try Self.limit(request)
        let s = await state()
        var out: [DisputeList.Item] = []
        for m in s.meters.values {
            for p in m.periods where p.disputed {
                out.append(
                    DisputeList.Item(
                        meter: m.id, device: m.device,
                        period: PeriodView(p, quorum: Int(m.assignment(at: p.start)?.quorum ?? 0))))
            }
        }
        out.sort { ($0.period.periodStart, $0.meter) > ($1.period.periodStart, $1.meter) }
        return DisputeList(disputes: Array(out.prefix(limit)))
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return 100 }
        guard let n = Int(text), (1...1000).contains(n) else {
            throw Problem.badRequest("invalid_query", "limit must be an integer 1…1000")
        }
        return n
    }
}

struct DeviceView: ResponseEncodable {
    struct MeterView: Encodable, Sendable {
        let id: String
        let intervalSeconds: UInt32
        let assignments: [AssignmentView]
        let attestedUntil: Int64
    }

    struct AssignmentView: Encodable, Sendable {
        let validFrom: Int64
        let oracles: [String]
        let quorum: UInt8
        let entry: UInt64
    }

    let id: String
    let name: String
    let owner: String
    let codeList: String
    let energySource: String
    let technology: String
    let solar: Bool
    let capacityW: UInt64
    let commissioningDate: String
    let country: String
    let latitudeE6: Int64
    let longitudeE6: Int64
    let gridArea: String
    let support: String
    let active: Bool
    let statusReason: String
    let registeredAt: UInt64
    let meters: [MeterView]

    init(_ d: Device, _ s: RegistryState) {
        let r = d.registration
        (id, name, owner, codeList) = (r.id, r.name, r.owner.checksummed, r.codeList)
        (energySource, technology, solar, capacityW) = (r.energySource, r.technology, d.solar, r.capacityW)
        (commissioningDate, country, latitudeE6, longitudeE6) = (
            r.commissioningDate, r.country, r.latitudeE6, r.longitudeE6
        )
        (gridArea, support, active, statusReason, registeredAt) = (
            r.gridArea, r.support, d.active, d.statusReason, d.registeredAt
        )
        meters = r.meters.map { m in
            let state = s.meters[m.id]
            return MeterView(
                id: m.id, intervalSeconds: m.intervalSeconds,
                assignments: (state?.assignments ?? []).map {
                    AssignmentView(
                        validFrom: $0.validFrom, oracles: $0.oracles.map(\.checksummed), quorum: $0.quorum,
                        entry: $0.entry)
                }, attestedUntil: state?.attestedUntil ?? 0)
        }
    }
}

struct DeviceList: ResponseEncodable {
    let devices: [DeviceView]
}

struct OracleView: ResponseEncodable {
    let address: String
    let name: String
    let active: Bool
    let statusReason: String
    let registeredAt: UInt64
    /// Meters whose current assignment names this oracle.
    let meters: [String]

    init(_ o: Oracle, _ s: RegistryState) {
        (address, name, active, statusReason, registeredAt) = (
            o.address.checksummed, o.name, o.active, o.statusReason, o.registeredAt
        )
        meters = s.meters.values.filter { $0.assignments.last?.oracles.contains(o.address) == true }.map(\.id).sorted()
    }
}

struct OracleList: ResponseEncodable {
    let oracles: [OracleView]
}

struct PeriodView: Encodable, Sendable {
    struct AttestationView: Encodable, Sendable {
        let oracle: String
        let energyWh: UInt64
        let cumulativeWh: Int64?
        let readingId: String
        let entry: UInt64
    }

    let periodStart: Int64
    let periodEnd: Int64
    let quorum: Int
    let issued: Bool
    let issuedEnergyWh: UInt64?
    let disputed: Bool
    let attestations: [AttestationView]

    init(_ p: PeriodRecord, quorum: Int) {
        (periodStart, periodEnd, self.quorum) = (p.start, p.end, quorum)
        (issued, issuedEnergyWh, disputed) = (p.issuance != nil, p.issuance?.energyWh, p.disputed)
        attestations = p.attestations.map {
            AttestationView(
                oracle: $0.oracle.checksummed, energyWh: $0.energyWh, cumulativeWh: $0.cumulativeWh,
                readingId: Hex.encode($0.readingID, prefixed: true), entry: $0.entry)
        }
    }
}

struct PeriodList: ResponseEncodable {
    let meter: String
    let device: String
    let periods: [PeriodView]
}

struct DisputeList: ResponseEncodable {
    struct Item: Encodable, Sendable {
        let meter: String
        let device: String
        let period: PeriodView
    }
    let disputes: [Item]
}

struct IssuanceTrail: ResponseEncodable {
    struct Reading: Encodable, Sendable {
        let id: String
        let oracle: String
        let entry: UInt64
    }

    struct Item: Encodable, Sendable {
        let meter: String
        let periodStart: Int64
        let periodEnd: Int64
        let energyWh: UInt64
        let reward: String
        let owner: String
        /// The journal entry that minted it.
        let entry: UInt64
        let readings: [Reading]
    }

    let device: String
    let rewardAsset: String?
    let totalEnergyWh: UInt64
    let totalReward: String
    let issuances: [Item]
}
