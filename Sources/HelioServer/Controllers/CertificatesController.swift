import HelioCrypto
import HelioLedger
import HelioRegistry
import Hummingbird

/// Lots and parts, read from the writer's state: `GET /v1/certificates` (parts, filtered),
/// `GET /v1/certificates/{id}` (a lot with its parts and readings, or a part with its lineage), and
/// `GET /v1/devices/{id}/certificates` (policy, GO carry, pending GC hours).
struct CertificatesController<Context: RequestContext>: Sendable {
    let registry: Registry

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("certificates", use: list)
        group.get("certificates/:id", use: show)
        group.get("devices/:id/certificates", use: device)
    }

    /// `?owner=&device=&scheme=GO|GC&status=&from=&to=&limit=`: parts, oldest lot first. Without `status`,
    /// parts that hold nothing any more (`transferred`) are left out.
    @Sendable func list(_ request: Request, context: Context) async throws -> JSONReply {
        let q = request.uri.queryParameters
        let owner = try q.get("owner").map { text in
            guard let a = try? Address(text) else {
                throw Problem.badRequest("invalid_query", "owner \(text) is not an address")
            }
            return a
        }
        let scheme = try q.get("scheme").map { text in
            guard let s = CertificateScheme(rawValue: text) else {
                throw Problem.badRequest("invalid_query", "scheme must be GO or GC")
            }
            return s
        }
        let statuses = ["active", "transferred", "cancelled", "expired", "withdrawn"]
        let status = q.get("status")
        if let status, !statuses.contains(status) {
            throw Problem.badRequest("invalid_query", "status must be one of \(statuses.joined(separator: ", "))")
        }
        let from = try Self.time(q.get("from"), "from")
        let to = try Self.time(q.get("to"), "to")
        let device = q.get("device")
        let limit = try DevicesController<Context>.limit(request)
        let parts = await registry.writer.read { s -> [JSONValue] in
            let c = s.certificates
            let selected = c.parts.values.filter { p in
                guard let lot = c.lots[p.lot] else { return false }
                if let owner, p.owner != owner { return false }
                if let device, lot.device.id != device { return false }
                if let scheme, lot.scheme != scheme { return false }
                if let from, lot.productionEnd <= from { return false }
                if let to, lot.productionStart >= to { return false }
                let st = c.status(of: p)
                return status.map { $0 == st } ?? (st != "transferred")
            }
            return selected.sorted { Self.order($0.id) < Self.order($1.id) }.prefix(limit).map {
                CertificateJSON.part($0, in: c)
            }
        }
        return JSONReply(.object([.init("certificates", .array(parts))]))
    }

    /// A lot id (`GC-12`) or a part id (`GC-12.3`).
    @Sendable func show(_ request: Request, context: Context) async throws -> JSONReply {
        let id = try context.parameters.require("id")
        let reply = await registry.writer.read { s -> JSONValue? in
            let c = s.certificates
            if let lot = c.lots[id] {
                return .object([
                    .init("lot", CertificateJSON.lot(lot, readings: true)),
                    .init("parts", .array(c.parts(ofLot: id).map { CertificateJSON.part($0, in: c) })),
                ])
            }
            guard let part = c.parts[id], let lot = c.lots[part.lot] else { return nil }
            return .object([
                .init("part", CertificateJSON.part(part, in: c)), .init("lot", CertificateJSON.lot(lot)),
                .init("lineage", .array(c.lineage(id).map { CertificateJSON.part($0, in: c) })),
            ])
        }
        guard let reply else {
            throw Problem(code: "not_found", status: .notFound, title: "Not found", detail: "no lot or part \(id)")
        }
        return JSONReply(reply)
    }

    @Sendable func device(_ request: Request, context: Context) async throws -> JSONReply {
        let id = try context.parameters.require("id")
        let reply = await registry.writer.read { s -> JSONValue? in
            guard s.registry.devices[id] != nil else { return nil }
            let c = s.certificates
            let policy: JSONValue =
                c.policies[id].map { p in
                    .object([
                        .init("schemes", .array(p.schemes.map { .string($0.rawValue) })),
                        .init("issuingBody", .string(p.issuingBody.checksummed)), .init("since", .integer(p.entry)),
                    ])
                } ?? .null
            let carry = c.carries[id] ?? GOCarry()
            let hours = (c.pendingHours[id] ?? [:]).values.sorted { $0.start < $1.start }.map { h in
                JSONValue.object([
                    .init("hourStart", .integer(h.start)), .init("energyWh", .integer(h.energyWh)),
                    .init(
                        "coveredSeconds",
                        .object(h.covered.sorted { $0.key < $1.key }.map { .init($0.key, .integer($0.value)) })),
                ])
            }
            return .object([
                .init("device", .string(id)), .init("policy", policy),
                .init(
                    "goCarry",
                    .object([
                        .init("energyWh", .integer(carry.energyWh)),
                        .init("periodStart", carry.energyWh > 0 ? .integer(carry.start) : .null),
                        .init("periodEnd", carry.energyWh > 0 ? .integer(carry.end) : .null),
                    ])),
                .init("pendingHours", .array(hours)),
            ])
        }
        guard let reply else {
            throw Problem(code: "not_found", status: .notFound, title: "Not found", detail: "no device \(id)")
        }
        return JSONReply(reply)
    }

    /// Sort key of a part id `<scheme>-<n>.<k>`: lot number, then part number.
    static func order(_ id: String) -> (UInt64, UInt64) {
        let afterDash = id.split(separator: "-").last ?? ""
        let numbers = afterDash.split(separator: ".").map { UInt64($0) ?? 0 }
        return (numbers.first ?? 0, numbers.count > 1 ? numbers[1] : 0)
    }

    static func time(_ text: String?, _ name: String) throws -> Int64? {
        guard let text else { return nil }
        guard let t = Int64(text), t >= 0 else {
            throw Problem.badRequest("invalid_query", "\(name) must be unix seconds (a non-negative integer)")
        }
        return t
    }
}
