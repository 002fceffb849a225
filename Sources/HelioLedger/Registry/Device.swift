import HelioCrypto
import HelioEnergy

/// A meter of a device: its id (often an 18-digit GSRN) and its metering interval. Readings must be
/// aligned to the interval: a period starts and ends on multiples of it.
public struct MeterSpec: Codable, Hashable, Sendable {
    public var id: String
    public var intervalSeconds: UInt32
    public init(id: String, intervalSeconds: UInt32) {
        self.id = id
        self.intervalSeconds = intervalSeconds
    }
}

/// A production device as the issuing body registers it: the EECS / EnergyTag fields of a
/// production device, its owner (who receives rewards), and its meters.
///
/// No floating point: capacity is whole watts, the location is in microdegrees, the commissioning date
/// is an ISO 8601 calendar date ("2021-06-01").
public struct DeviceRegistration: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var owner: Address
    /// The version of the code lists (`Schemas/code-lists/`) the codes below are checked against.
    public var codeList: String
    /// EECS energy source, e.g. "F01040100" (solar).
    public var energySource: String
    /// EECS technology, e.g. "T010101".
    public var technology: String
    public var capacityW: UInt64
    public var commissioningDate: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var latitudeE6: Int64
    public var longitudeE6: Int64
    /// Grid area or bidding zone, e.g. "DK1".
    public var gridArea: String
    /// Public support received: one of `DeviceRegistration.supportKinds`.
    public var support: String
    public var meters: [MeterSpec]

    public init(
        id: String, name: String, owner: Address, codeList: String = CodeLists.current.version,
        energySource: String, technology: String, capacityW: UInt64, commissioningDate: String, country: String,
        latitudeE6: Int64, longitudeE6: Int64, gridArea: String, support: String = "none", meters: [MeterSpec]
    ) {
        self.id = id
        self.name = name
        self.owner = owner
        self.codeList = codeList
        self.energySource = energySource
        self.technology = technology
        self.capacityW = capacityW
        self.commissioningDate = commissioningDate
        self.country = country
        self.latitudeE6 = latitudeE6
        self.longitudeE6 = longitudeE6
        self.gridArea = gridArea
        self.support = support
        self.meters = meters
    }

    /// EECS distinguishes no support, investment support, production support, or both.
    public static let supportKinds: Set<String> = ["none", "investment", "production", "investment+production"]
    /// Largest accepted capacity (10 GW): keeps capacity × seconds × margin far inside 64 bits.
    public static let maxCapacityW: UInt64 = 10_000_000_000
    /// Meter intervals must divide an hour (readings are at most one hour long).
    public static let allowedIntervals: Set<UInt32> = [60, 300, 600, 900, 1800, 3600]

    /// Every field checked on its own; `LedgerState` checks uniqueness.
    public func validate() throws(LedgerError) {
        func bad(_ message: String) -> LedgerError { LedgerError(.invalidRegistration, message) }
        guard Self.isIdentifier(id) else {
            throw bad("device id must be 1–64 characters of A–Z a–z 0–9 . _ : -, got \(id.debugDescription)")
        }
        guard !name.isEmpty, name.utf8.count <= 200 else { throw bad("device name must be 1–200 bytes") }
        guard owner != .zero else { throw bad("device owner must not be the zero address") }
        guard let list = CodeLists.version(codeList) else { throw bad("unknown code list version \(codeList)") }
        do { try list.validate(energySource: energySource, technology: technology) } catch {
            throw bad(error.description)
        }
        guard capacityW > 0, capacityW <= Self.maxCapacityW else {
            throw bad("capacityW must be 1…\(Self.maxCapacityW), got \(capacityW)")
        }
        guard Self.unixDay(commissioningDate) != nil else {
            throw bad(
                "commissioningDate must be an ISO 8601 date YYYY-MM-DD, got \(commissioningDate.debugDescription)")
        }
        guard country.count == 2, country.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw bad("country must be an ISO 3166-1 alpha-2 code in capitals, got \(country.debugDescription)")
        }
        guard (-90_000_000...90_000_000).contains(latitudeE6) else { throw bad("latitudeE6 out of range") }
        guard (-180_000_000...180_000_000).contains(longitudeE6) else { throw bad("longitudeE6 out of range") }
        guard !gridArea.isEmpty, gridArea.utf8.count <= 64 else { throw bad("gridArea must be 1–64 bytes") }
        guard Self.supportKinds.contains(support) else {
            throw bad("support must be one of \(Self.supportKinds.sorted().joined(separator: ", "))")
        }
        guard !meters.isEmpty, meters.count <= 16 else { throw bad("a device has 1–16 meters") }
        var seen: Set<String> = []
        for m in meters {
            guard Self.isIdentifier(m.id) else { throw bad("meter id \(m.id.debugDescription) is not an identifier") }
            guard seen.insert(m.id).inserted else { throw bad("meter \(m.id) is listed twice") }
            guard Self.allowedIntervals.contains(m.intervalSeconds) else {
                throw bad("meter interval must be one of \(Self.allowedIntervals.sorted()) seconds")
            }
        }
    }

    /// Unix time of 00:00 UTC on the commissioning date.
    public var commissionedAt: Int64 { Self.unixDay(commissioningDate).map { $0 * 86_400 } ?? 0 }

    /// Identifiers (devices, meters): 1–64 characters of A–Z a–z 0–9 . _ : -
    public static func isIdentifier(_ s: String) -> Bool {
        let u = s.utf8
        guard !u.isEmpty, u.count <= 64 else { return false }
        return u.allSatisfy { c in
            (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) || c == 46 || c == 95 || c == 58
                || c == 45
        }
    }

    /// Days since 1970-01-01 of a strict "YYYY-MM-DD" (proleptic Gregorian), or nil.
    static func unixDay(_ s: String) -> Int64? {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45 else { return nil }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for c in b[r] {
                guard (48...57).contains(c) else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), y >= 1900, (1...12).contains(m) else {
            return nil
        }
        guard d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: m) else { return nil }
        return CivilCalendar.days(year: y, month: m, day: d)
    }
}

/// A registered device and its status.
public struct Device: Hashable, Sendable {
    public let registration: DeviceRegistration
    public internal(set) var active: Bool
    public internal(set) var statusReason: String
    /// The journal entry that registered it.
    public let registeredAt: UInt64
    /// True when its energy source is solar in its code list: rewards are minted, the sun check applies.
    public let solar: Bool

    public init(registration: DeviceRegistration, active: Bool, statusReason: String, registeredAt: UInt64) {
        self.registration = registration
        self.active = active
        self.statusReason = statusReason
        self.registeredAt = registeredAt
        self.solar = CodeLists.version(registration.codeList)?.energySource(registration.energySource)?.solar ?? false
    }

    public var id: String { registration.id }
}

/// A registered oracle.
public struct Oracle: Hashable, Sendable {
    public let address: Address
    public let name: String
    public internal(set) var active: Bool
    public internal(set) var statusReason: String
    public let registeredAt: UInt64

    public init(address: Address, name: String, active: Bool, statusReason: String, registeredAt: UInt64) {
        self.address = address
        self.name = name
        self.active = active
        self.statusReason = statusReason
        self.registeredAt = registeredAt
    }
}

/// Which oracles attest a meter from `validFrom` on, and how many must agree.
public struct Assignment: Hashable, Sendable, Codable {
    public let validFrom: Int64
    public let oracles: [Address]
    public let quorum: UInt8
    public let entry: UInt64
    public init(validFrom: Int64, oracles: [Address], quorum: UInt8, entry: UInt64) {
        self.validFrom = validFrom
        self.oracles = oracles
        self.quorum = quorum
        self.entry = entry
    }
}
