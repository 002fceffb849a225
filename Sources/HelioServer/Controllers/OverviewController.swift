import HelioCrypto
import HelioLedger
import HelioRegistry
import HelioStore
import Hummingbird

/// `GET /v1/overview`: the registry's headline figures in one read, for the explorer's front page.
///
/// Cost: one pass over the writer's state, O(devices + meters' periods + lots) — readings recorded and
/// energy attested are sums over the attested periods, which the state keeps per meter and not in
/// totals. The figures are cached per journal size, so a busy explorer costs one pass per new entry at
/// most, never one per request.
struct OverviewController<Context: RequestContext>: Sendable {
    let registry: Registry
    let cache = OverviewCache()

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("overview", use: overview)
    }

    @Sendable func overview(_ request: Request, context: Context) async throws -> JSONReply {
        let size = await registry.writer.size
        let figures: OverviewFigures
        if let cached = await cache.figures(at: size) {
            figures = cached
        } else {
            let reward = registry.genesis.rewardAsset
            figures = await registry.writer.read { OverviewFigures($0, rewardAsset: reward) }
            await cache.store(figures, at: size)
        }
        let store = registry.store
        let checkpoint = try await Blocking.run { try store.latestCheckpoint() }
        let config = registry.genesis.config
        return JSONReply(
            .object(
                [
                    .init("name", .string(config.name)), .init("chainId", .integer(config.chainId)),
                    .init("checkpointAddress", config.checkpointAddress.map { .string($0.checksummed) } ?? .null),
                    .init("journalSize", .integer(size)),
                    .init(
                        "checkpoint",
                        checkpoint.map {
                            .object([
                                .init("size", .integer($0.checkpoint.treeSize)),
                                .init("time", .integer($0.checkpoint.timestamp)),
                            ])
                        } ?? .null),
                ] + figures.members))
    }
}

/// The figures of `GET /v1/overview` that come from the ledger's state.
struct OverviewFigures: Sendable {
    struct Scheme: Sendable {
        var lots = 0
        var issuedWh: UInt64 = 0
        var cancelledWh: UInt64 = 0
    }

    var rewardAsset: Asset?
    var energyAttestedWh: UInt64 = 0
    var issuances = 0
    var readingsRecorded = 0
    var disputedPeriods = 0
    var devices = 0
    var activeDevices = 0
    var meters = 0
    var oracles = 0
    var activeOracles = 0
    var schemes: [CertificateScheme: Scheme] = [:]
    var cancellations = 0

    init(_ s: LedgerState, rewardAsset: AssetID) {
        self.rewardAsset = s.assets[rewardAsset]
        let r = s.registry
        devices = r.devices.count
        activeDevices = r.devices.values.filter(\.active).count
        oracles = r.oracles.count
        activeOracles = r.oracles.values.filter(\.active).count
        meters = r.meters.count
        for m in r.meters.values {
            for p in m.periods {
                readingsRecorded += p.attestations.count
                if p.disputed { disputedPeriods += 1 }
                if let i = p.issuance {
                    issuances += 1
                    energyAttestedWh += i.energyWh
                }
            }
        }
        for scheme in CertificateScheme.allCases { schemes[scheme] = Scheme() }
        for lot in s.certificates.lots.values {
            schemes[lot.scheme, default: Scheme()].lots += 1
            schemes[lot.scheme, default: Scheme()].issuedWh += lot.volumeWh
            schemes[lot.scheme, default: Scheme()].cancelledWh += lot.cancelledWh
        }
        cancellations = s.certificates.cancellations.count
    }

    var members: [JSONValue.Member] {
        let asset: JSONValue =
            rewardAsset.map { a in
                .object([
                    .init("id", .string(a.id.text)), .init("tokenAddress", .string(a.tokenAddress.checksummed)),
                    .init("symbol", .string(a.symbol)), .init("decimals", .integer(a.decimals)),
                    .init("totalSupply", .string(a.totalSupply.description)),
                    .init("baseUnitsPerWh", .string(String(RewardAsset.baseUnitsPerWh))),
                ])
            } ?? .null
        let certificates = CertificateScheme.allCases.map { scheme in
            let f = schemes[scheme] ?? Scheme()
            return JSONValue.Member(
                scheme.rawValue,
                .object([
                    .init("lots", .integer(f.lots)), .init("issuedWh", .integer(f.issuedWh)),
                    .init("cancelledWh", .integer(f.cancelledWh)),
                ]))
        }
        return [
            .init("rewardAsset", asset), .init("energyAttestedWh", .integer(energyAttestedWh)),
            .init("issuances", .integer(issuances)), .init("readingsRecorded", .integer(readingsRecorded)),
            .init("disputedPeriods", .integer(disputedPeriods)), .init("devices", .integer(devices)),
            .init("activeDevices", .integer(activeDevices)), .init("meters", .integer(meters)),
            .init("oracles", .integer(oracles)), .init("activeOracles", .integer(activeOracles)),
            .init("certificates", .object(certificates)),
            .init("lots", .integer(schemes.values.reduce(0) { $0 + $1.lots })),
            .init("cancellations", .integer(cancellations)),
            .init("cancelledWh", .integer(schemes.values.reduce(0) { $0 + $1.cancelledWh })),
        ]
    }
}

/// The last figures computed, and the journal size they were computed at.
actor OverviewCache {
    private var latest: (size: UInt64, figures: OverviewFigures)?

    func figures(at size: UInt64) -> OverviewFigures? {
        guard let latest, latest.size == size else { return nil }
        return latest.figures
    }

    func store(_ figures: OverviewFigures, at size: UInt64) { latest = (size, figures) }
}
