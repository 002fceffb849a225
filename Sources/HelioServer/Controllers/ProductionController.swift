import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// `GET /v1/devices/{id}/production?from=&to=`: a device's issued energy per clock hour, for charts.
///
/// The energy of every issued period of the device's meters (periods that reached their oracle quorum)
/// goes to the hours it covers. Meter intervals divide the hour, so a period normally lies in one hour;
/// one that straddles an hour boundary is split in proportion to its seconds in each hour, rounded down,
/// the rest going to its last hour — so the buckets always sum to exactly the energy issued.
///
/// `from`/`to` are unix seconds, widened to whole hours; without them, the 7 days (168 hours) up to the
/// end of the device's latest issued period. At most 366 days per request. The reply lists every hour of
/// `[from, to)`, zeros included. Cost: O(log periods + periods in the range) per meter.
struct ProductionController<Context: RequestContext>: Sendable {
    let registry: Registry

    static var hour: Int64 { HourlyProduction.hour }
    static var defaultHours: Int64 { HourlyProduction.defaultHours }
    static var maxHours: Int64 { HourlyProduction.maxHours }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("devices/:id/production", use: production)
    }

    @Sendable func production(_ request: Request, context: Context) async throws -> JSONReply {
        let id = try context.parameters.require("id")
        let q = request.uri.queryParameters
        let from = try Self.time(q.get("from"), "from").map(Self.floorHour)
        let to = try Self.time(q.get("to"), "to").map(Self.ceilHour)
        if let from, let to {
            guard from < to else { throw Problem.badRequest("invalid_query", "from must be before to") }
            guard (to - from) / Self.hour <= Self.maxHours else {
                throw Problem.badRequest("invalid_query", "at most \(Self.maxHours) hours (366 days) per request")
            }
        }
        let reply = await registry.writer.read { s -> JSONValue? in
            guard let device = s.registry.devices[id] else { return nil }
            let meters = device.registration.meters.compactMap { s.registry.meters[$0.id] }
            let latest = meters.compactMap { m in m.periods.last { $0.issuance != nil }?.end }.max()
            let end = to ?? from.map { $0 + Self.defaultHours * Self.hour } ?? latest.map(Self.ceilHour) ?? 0
            let start = from ?? max(0, end - Self.defaultHours * Self.hour)
            return Self.buckets(meters: meters, device: id, from: start, to: max(start, end))
        }
        guard let reply else {
            throw Problem(code: "not_found", status: .notFound, title: "Not found", detail: "no device \(id)")
        }
        return JSONReply(reply)
    }

    static func time(_ text: String?, _ name: String) throws -> Int64? {
        guard let t = try CertificatesController<Context>.time(text, name) else { return nil }
        guard t <= HourlyProduction.maxTime else {
            throw Problem.badRequest("invalid_query", "\(name) is after the year 9999")
        }
        return t
    }

    static func buckets(meters: [MeterState], device: String, from: Int64, to: Int64) -> JSONValue {
        HourlyProduction.buckets(meters: meters, device: device, from: from, to: to)
    }

    static func floorHour(_ t: Int64) -> Int64 { HourlyProduction.floorHour(t) }
    static func ceilHour(_ t: Int64) -> Int64 { HourlyProduction.ceilHour(t) }
}

/// The pure part of `GET /v1/devices/{id}/production`: hours, windows, and the exact split of a period.
enum HourlyProduction {
    /// One clock hour, in seconds.
    static let hour: Int64 = 3_600
    /// The default window: the last 7 days of data.
    static let defaultHours: Int64 = 7 * 24
    /// The widest window one request may ask for (a leap year of hours), to bound the reply.
    static let maxHours: Int64 = 366 * 24
    /// Latest time accepted: the end of year 9999, far beyond any reading, far from overflow.
    static let maxTime: Int64 = 253_402_300_799

    static func buckets(meters: [MeterState], device: String, from: Int64, to: Int64) -> JSONValue {
        let count = Int((to - from) / hour)
        var energy = [UInt64](repeating: 0, count: count)
        var periods = 0
        for m in meters {
            // A period starts at most one interval (≤ 1 hour) before the window and still reaches into it.
            var k = m.insertionIndex(from - hour)
            while k < m.periods.count, m.periods[k].start < to {
                let p = m.periods[k]
                k += 1
                guard let issued = p.issuance, p.end > from else { continue }
                periods += 1
                for (hourStart, wh) in split(energyWh: issued.energyWh, start: p.start, end: p.end)
                where hourStart >= from && hourStart < to {
                    energy[Int((hourStart - from) / hour)] += wh
                }
            }
        }
        let hours = energy.enumerated().map { k, wh in
            JSONValue.object([.init("hour", .integer(from + Int64(k) * hour)), .init("energyWh", .integer(wh))])
        }
        return .object([
            .init("device", .string(device)), .init("from", .integer(from)), .init("to", .integer(to)),
            .init("issuedPeriods", .integer(periods)),
            .init("totalEnergyWh", .integer(energy.reduce(0, +))), .init("hours", .array(hours)),
        ])
    }

    /// `energyWh` of `[start, end)` over the clock hours it covers: floor of the proportional share per hour,
    /// the remainder to the last hour (exact in integers: `energyWh = q·d + r`, share = `q·s + ⌊r·s / d⌋`).
    static func split(energyWh: UInt64, start: Int64, end: Int64) -> [(Int64, UInt64)] {
        let first = floorHour(start)
        if end <= first + hour || end <= start { return [(first, energyWh)] }
        let duration = UInt64(end - start)
        let (q, r) = energyWh.quotientAndRemainder(dividingBy: duration)
        var out: [(Int64, UInt64)] = []
        var given: UInt64 = 0
        var h = first
        while h < end {
            let seconds = UInt64(min(end, h + hour) - max(start, h))
            let share = h + hour >= end ? energyWh - given : q * seconds + r * seconds / duration
            out.append((h, share))
            given += share
            h += hour
        }
        return out
    }

    static func floorHour(_ t: Int64) -> Int64 { t - ((t % hour) + hour) % hour }
    static func ceilHour(_ t: Int64) -> Int64 { floorHour(t) == t ? t : floorHour(t) + hour }
}
