import HelioCrypto

/// The registry's certificate settings (`ConfigureCertificates`).
public struct CertificateConfig: Codable, Hashable, Sendable {
    public var issuer: String = ""
    public var goExpiryMonths: UInt8 = 12
    public var gcExpiryDays: UInt16 = 730
    public init() {}
}

/// Which schemes a device gets, since which entry, set by which issuing body.
public struct IssuancePolicy: Codable, Hashable, Sendable {
    public let schemes: [CertificateScheme]
    public let issuingBody: Address
    public let entry: UInt64
}

/// Energy of a device attested and issued but not yet in a GO (less than 1 MWh, or the part beyond the
/// last whole MWh), with the periods and readings it came from.
public struct GOCarry: Codable, Hashable, Sendable {
    /// Counts the GOs issued from the carry: the store appends a carry's reading ids while the generation
    /// stays, and starts over when it changes.
    public var generation: UInt64 = 0
    public var energyWh: UInt64 = 0
    public var start: Int64 = .max
    public var end: Int64 = .min
    public var readingIDs: [Hash32] = []
    public init() {}
    public init(generation: UInt64, energyWh: UInt64, start: Int64, end: Int64, readingIDs: [Hash32]) {
        (self.generation, self.energyWh, self.start, self.end) = (generation, energyWh, start, end)
        self.readingIDs = readingIDs
    }
}

/// A device-hour that has energy but is not yet complete: its GC is issued once every meter of the
/// device has issued periods covering the whole hour.
public struct GCHour: Codable, Hashable, Sendable {
    public init(start: Int64) { self.start = start }
    public let start: Int64
    public var energyWh: UInt64 = 0
    /// Seconds of the hour covered, per meter.
    public var covered: [String: UInt32] = [:]
    public var readingIDs: [Hash32] = []
}

/// Everything about certificates: lots, parts, cancellations, and the issuance bookkeeping (policies,
/// GO carries, pending GC hours). Part of `LedgerState`; only its `apply` paths change it.
public struct CertificateState: Hashable, Sendable {
    public internal(set) var config = CertificateConfig()
    public internal(set) var policies: [String: IssuancePolicy] = [:]
    public internal(set) var carries: [String: GOCarry] = [:]
    /// Pending device-hours, by device then hour start.
    public internal(set) var pendingHours: [String: [Int64: GCHour]] = [:]
    public internal(set) var lots: [String: CertificateLot] = [:]
    public internal(set) var parts: [String: CertificatePart] = [:]
    public internal(set) var cancellations: [UInt64: Cancellation] = [:]
    /// Lots issued so far (lots are never removed): the n of the next lot id is this + 1.
    public var lotCount: UInt64 { UInt64(lots.count) }
    /// Active lots by the unix day their expiry falls on: what the expiry entries look through. (A list
    /// kept sorted cost a shift of the whole list per lot, as readings of many devices interleave.)
    public internal(set) var expiring: [Int64: Set<String>] = [:]

    public struct LotExpiry: Hashable, Sendable, Comparable {
        public let expiresAt: Int64
        public let lot: String
        public static func < (a: Self, b: Self) -> Bool { (a.expiresAt, a.lot) < (b.expiresAt, b.lot) }
    }

    public init() {}

    /// Active lots whose expiry is at or before `time`, soonest first.
    public func due(at time: Int64, limit: Int = 1000) -> [String] {
        let today = Self.day(time)
        var found: [LotExpiry] = []
        for (day, ids) in expiring where day <= today {
            for id in ids {
                if let lot = lots[id], lot.expiresAt <= time {
                    found.append(LotExpiry(expiresAt: lot.expiresAt, lot: id))
                }
            }
        }
        return found.sorted().prefix(limit).map(\.lot)
    }

    static func day(_ time: Int64) -> Int64 { time >= 0 ? time / 86_400 : (time - 86_399) / 86_400 }

    /// The parts of a lot, by part number.
    public func parts(ofLot lot: String) -> [CertificatePart] {
        guard let l = lots[lot] else { return [] }
        return (0..<l.nextPart).compactMap { parts["\(lot).\($0)"] }
    }

    /// A part and its ancestors, from the lot's issued part down to `part`.
    public func lineage(_ part: String) -> [CertificatePart] {
        var chain: [CertificatePart] = []
        var next: String? = part
        while let id = next, let p = parts[id] {
            chain.append(p)
            next = p.parent
        }
        return chain.reversed()
    }

    /// What a part's units can do now: active, transferred (nothing left), cancelled, expired, withdrawn.
    public func status(of part: CertificatePart) -> String {
        if part.cancelled { return "cancelled" }
        if let lot = lots[part.lot], lot.status != .active { return lot.status.rawValue }
        return part.volumeWh == 0 ? "transferred" : "active"
    }

    mutating func enqueueExpiry(_ lot: CertificateLot) {
        expiring[Self.day(lot.expiresAt), default: []].insert(lot.id)
    }

    mutating func dequeueExpiry(_ lot: CertificateLot) {
        let day = Self.day(lot.expiresAt)
        expiring[day]?.remove(lot.id)
        if expiring[day]?.isEmpty == true { expiring[day] = nil }
    }

    /// Rebuilds the state from stored projection rows (the store's load path).
    public static func restore(
        config: CertificateConfig?, policies: [String: IssuancePolicy], carries: [String: GOCarry],
        hours: [(device: String, hour: GCHour)], lots: [CertificateLot], parts: [CertificatePart],
        cancellations: [Cancellation]
    ) -> CertificateState {
        var s = CertificateState()
        s.config = config ?? CertificateConfig()
        s.policies = policies
        s.carries = carries
        for (device, hour) in hours { s.pendingHours[device, default: [:]][hour.start] = hour }
        for l in lots {
            s.lots[l.id] = l
            if l.status == .active { s.enqueueExpiry(l) }
        }
        for p in parts { s.parts[p.id] = p }
        for c in cancellations { s.cancellations[c.entry] = c }
        return s
    }
}

extension CertificateState {
    /// "certificates …", "policy …", "carry …", "gc-hour …", "lot …", "part …", "cancellation …": each
    /// record as canonical JSON, sorted by key (part of `LedgerState.canonicalText`).
    func appendCanonicalLines(to lines: inout [String]) {
        func json<T: Encodable>(_ value: T) -> String { String(decoding: CanonicalJSON.encode(value), as: UTF8.self) }
        if config != CertificateConfig() { lines.append("certificates \(json(config))") }
        for (device, p) in policies.sorted(by: { $0.key < $1.key }) { lines.append("policy \(device) \(json(p))") }
        for (device, c) in carries.sorted(by: { $0.key < $1.key }) { lines.append("carry \(device) \(json(c))") }
        for (device, hours) in pendingHours.sorted(by: { $0.key < $1.key }) {
            for (start, h) in hours.sorted(by: { $0.key < $1.key }) {
                lines.append("gc-hour \(device) \(start) \(json(h))")
            }
        }
        for (id, l) in lots.sorted(by: { $0.key < $1.key }) { lines.append("lot \(id) \(json(l))") }
        for (id, p) in parts.sorted(by: { $0.key < $1.key }) { lines.append("part \(id) \(json(p))") }
        for (id, c) in cancellations.sorted(by: { $0.key < $1.key }) { lines.append("cancellation \(id) \(json(c))") }
    }
}
