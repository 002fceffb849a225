import HelioCrypto

/// A meter's registry state: its assignments over time and every period attested for it, sorted by
/// start and pairwise disjoint (the overlap check keeps them so).
public struct MeterState: Hashable, Sendable {
    public let id: String
    public let device: String
    public let intervalSeconds: UInt32
    /// Sorted by `validFrom`.
    public internal(set) var assignments: [Assignment] = []
    /// Sorted by start; disjoint.
    public internal(set) var periods: [PeriodRecord] = []

    public init(id: String, device: String, intervalSeconds: UInt32) {
        self.id = id
        self.device = device
        self.intervalSeconds = intervalSeconds
    }

    /// The assignment in force for a period starting at `start`.
    public func assignment(at start: Int64) -> Assignment? {
        assignments.last { $0.validFrom <= start }
    }

    /// Index of the first period whose start is ≥ `start` (binary search; appends are the common case).
    public func insertionIndex(_ start: Int64) -> Int {
        if let last = periods.last, last.start < start { return periods.count }
        var lo = 0
        var hi = periods.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if periods[mid].start < start { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The period exactly [start, end), if attested.
    public func period(start: Int64, end: Int64) -> PeriodRecord? {
        let i = insertionIndex(start)
        guard i < periods.count, periods[i].start == start, periods[i].end == end else { return nil }
        return periods[i]
    }

    /// End of the latest attested period (0 when none).
    public var attestedUntil: Int64 { periods.last?.end ?? 0 }
}

/// Who administers the registry, what it has registered, and what oracles attested: the part of the
/// ledger's state that readings are checked against.
public struct RegistryState: Hashable, Sendable {
    /// The author of the first `ConfigureRegistry` (the registry's own key).
    public internal(set) var authority: Address?
    public internal(set) var issuingBodies: [Address] = []
    public internal(set) var rewardAsset: AssetID?
    public internal(set) var policy = ReadingPolicy()
    public internal(set) var devices: [String: Device] = [:]
    public internal(set) var oracles: [Address: Oracle] = [:]
    public internal(set) var meters: [String: MeterState] = [:]

    public init() {}

    /// Every issuance of a device's meters, in journal order.
    public func issuances(device: String) -> [Issuance] {
        guard let d = devices[device] else { return [] }
        var out: [Issuance] = []
        for m in d.registration.meters {
            for p in meters[m.id]?.periods ?? [] { if let i = p.issuance { out.append(i) } }
        }
        return out.sorted { ($0.entry, $0.meter, $0.periodStart) < ($1.entry, $1.meter, $1.periodStart) }
    }
}

extension RegistryState {
    /// The registry's configuration as stored.
    public struct Configuration: Sendable, Hashable {
        public let authority: Address
        public let issuingBodies: [Address]
        public let rewardAsset: AssetID
        public let policy: ReadingPolicy
        public init(authority: Address, issuingBodies: [Address], rewardAsset: AssetID, policy: ReadingPolicy) {
            self.authority = authority
            self.issuingBodies = issuingBodies
            self.rewardAsset = rewardAsset
            self.policy = policy
        }
    }

    /// Rebuilds the registry state from stored projection rows (the store's load path).
    /// `attestations` must come in the order they were recorded (by entry) within each period.
    public static func restore(
        configuration: Configuration?, devices: [Device], oracles: [Oracle], assignments: [(String, Assignment)],
        attestations: [(meter: String, start: Int64, end: Int64, attestation: Attestation)], issuances: [Issuance]
    ) -> RegistryState {
        var s = RegistryState()
        if let c = configuration {
            s.authority = c.authority
            s.issuingBodies = c.issuingBodies
            s.rewardAsset = c.rewardAsset
            s.policy = c.policy
        }
        for d in devices {
            s.devices[d.id] = d
            for m in d.registration.meters {
                s.meters[m.id] = MeterState(id: m.id, device: d.id, intervalSeconds: m.intervalSeconds)
            }
        }
        for o in oracles { s.oracles[o.address] = o }
        for (meter, a) in assignments.sorted(by: { $0.1.validFrom < $1.1.validFrom }) {
            s.meters[meter]?.assignments.append(a)
        }
        // Group by meter, then periods by start (rows arrive sorted by meter, start, entry).
        var periods: [String: [PeriodRecord]] = [:]
        for row in attestations {
            var list = periods[row.meter, default: []]
            if let last = list.last, last.start == row.start {
                list[list.count - 1].attestations.append(row.attestation)
            } else {
                list.append(
                    PeriodRecord(start: row.start, end: row.end, attestations: [row.attestation], issuance: nil))
            }
            periods[row.meter] = list
        }
        var issued: [String: [Int64: Issuance]] = [:]
        for i in issuances { issued[i.meter, default: [:]][i.periodStart] = i }
        for (meter, var list) in periods {
            list.sort { $0.start < $1.start }
            if let byStart = issued[meter] {
                for k in list.indices { list[k].issuance = byStart[list[k].start] }
            }
            s.meters[meter]?.periods = list
        }
        return s
    }
}
