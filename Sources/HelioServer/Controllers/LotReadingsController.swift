import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// `GET /v1/certificates/{lot}/readings`: the signed readings behind a lot, each with the meter period it
/// attested, its oracle and the journal entry that recorded it — the last step of a lot's lineage, from
/// certificate back to meter data. In the lot's order (the order of its `readingsRoot`).
///
/// Agreeing oracles sign identical readings, so one id may appear once per oracle: each occurrence is
/// matched to the next attestation carrying it. Cost: O(log periods + periods in the lot's production
/// period) per meter of the device.
struct LotReadingsController<Context: RequestContext>: Sendable {
    let registry: Registry

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("certificates/:id/readings", use: readings)
    }

    @Sendable func readings(_ request: Request, context: Context) async throws -> JSONReply {
        let id = try context.parameters.require("id")
        let reply = await registry.writer.read { s -> JSONValue? in
            guard let lot = s.certificates.lots[id] else { return nil }
            let meters = s.registry.devices[lot.device.id]?.registration.meters.compactMap { s.registry.meters[$0.id] }
            return Self.readings(of: lot, meters: meters ?? [])
        }
        guard let reply else {
            throw Problem(code: "not_found", status: .notFound, title: "Not found", detail: "no lot \(id)")
        }
        return JSONReply(reply)
    }

    static func readings(of lot: CertificateLot, meters: [MeterState]) -> JSONValue {
        // Every attestation of the lot's production period, by reading id, in recording order.
        var found: [[UInt8]: [(MeterState, PeriodRecord, Attestation)]] = [:]
        let wanted = Set(lot.readingIDs.map(\.bytes))
        for m in meters {
            var k = m.insertionIndex(lot.productionStart - HourlyProduction.hour)
            while k < m.periods.count, m.periods[k].start < lot.productionEnd {
                let p = m.periods[k]
                k += 1
                for a in p.attestations where wanted.contains(a.readingID) {
                    found[a.readingID, default: []].append((m, p, a))
                }
            }
        }
        var next: [[UInt8]: Int] = [:]
        let items = lot.readingIDs.map { rid -> JSONValue in
            let n = next[rid.bytes, default: 0]
            next[rid.bytes] = n + 1
            guard let list = found[rid.bytes], n < list.count else {
                return .object([.init("id", .string(rid.description)), .init("found", .bool(false))])
            }
            let (m, p, a) = list[n]
            return .object([
                .init("id", .string(rid.description)), .init("found", .bool(true)), .init("meter", .string(m.id)),
                .init("periodStart", .integer(p.start)), .init("periodEnd", .integer(p.end)),
                .init("energyWh", .integer(a.energyWh)), .init("oracle", .string(a.oracle.checksummed)),
                .init("entry", .integer(a.entry)),
                .init("issuedEnergyWh", p.issuance.map { .integer($0.energyWh) } ?? .null),
                .init("issuanceEntry", p.issuance.map { .integer($0.entry) } ?? .null),
            ])
        }
        return .object([
            .init("lot", .string(lot.id)), .init("scheme", .string(lot.scheme.rawValue)),
            .init("device", .string(lot.device.id)),
            .init("readingsRoot", .string(Hex.encode(CertificateJSON.readingsRoot(lot.readingIDs), prefixed: true))),
            .init("readings", .array(items)),
        ])
    }
}
