import HelioCrypto
import HelioLedger

/// One projection row of the PostgreSQL store: the ledger state kept as keyed canonical records.
///
/// Why one keyed table rather than SQLite's twenty: every projection is read back whole into a
/// `LedgerState` (queries by field run on the state in memory), so the database's job is to hold each
/// key's latest record durably, in the journal's transaction, and to refuse what must never happen.
/// It still does: `(kind, key)` is the primary key, and the kinds that are history — attestations,
/// issuances, cancellations — are append-only (a trigger refuses UPDATE and DELETE, and they are written
/// with a plain INSERT), so a second issuance for a meter's period fails the whole transaction.
///
/// Keys are byte strings whose parts have fixed widths or end in a 0 byte (meter and device ids), and
/// integers are 8-byte big-endian: unique per record, like SQLite's composite primary keys.
struct ProjectionRecord {
    enum Kind: String, CaseIterable {
        case asset, supply, balance, allowance, nonce, registry, device, oracle, assignment, attestation,
            issuance
        case certificateConfig = "cert_config", issuancePolicy = "cert_policy", goCarry = "cert_carry"
        case gcHour = "cert_hour", lot = "cert_lot", part = "cert_part", cancellation = "cert_cancellation"

        /// History: written once, never changed.
        var appendOnly: Bool { self == .attestation || self == .issuance || self == .cancellation }
    }

    let kind: Kind
    let key: [UInt8]
    /// Nil: the row goes (a zero balance or allowance, a closed GC hour).
    let record: [UInt8]?

    init(_ change: StateChange) {
        switch change {
        case .asset(let asset):
            self.init(.asset, asset.id.hash, CanonicalJSON.encode(asset))
        case .supply(let asset, let total):
            self.init(.supply, asset.hash, total.bigEndianBytes)
        case .balance(let asset, let account, let amount):
            self.init(.balance, asset.hash + account.rawValue, amount.isZero ? nil : amount.bigEndianBytes)
        case .allowance(let asset, let owner, let spender, let amount):
            self.init(
                .allowance, asset.hash + owner.rawValue + spender.rawValue,
                amount.isZero ? nil : amount.bigEndianBytes)
        case .nonce(let account, let next):
            self.init(.nonce, account.rawValue, Self.bigEndian(next))
        case .registry(let authority, let bodies, let reward, let policy):
            self.init(
                .registry, [],
                CanonicalJSON.encode(
                    RegistryRecord(authority: authority, issuingBodies: bodies, rewardAsset: reward, policy: policy)))
        case .device(let device):
            self.init(.device, Self.text(device.id), CanonicalJSON.encode(DeviceRecord(device)))
        case .oracle(let oracle):
            self.init(.oracle, oracle.address.rawValue, CanonicalJSON.encode(OracleRecord(oracle)))
        case .assignment(let meter, let assignment):
            self.init(
                .assignment, Self.text(meter) + Self.bigEndian(assignment.validFrom),
                CanonicalJSON.encode(AssignmentRecord(meter: meter, assignment: assignment)))
        case .attestation(let meter, let start, let end, let a):
            self.init(
                .attestation, Self.text(meter) + Self.bigEndian(start) + a.oracle.rawValue,
                CanonicalJSON.encode(AttestationRecord(meter: meter, start: start, end: end, a)))
        case .issuance(let i):
            self.init(
                .issuance, Self.text(i.meter) + Self.bigEndian(i.periodStart), CanonicalJSON.encode(IssuanceRecord(i)))
        case .certificateConfig(let config):
            self.init(.certificateConfig, [], CanonicalJSON.encode(config))
        case .issuancePolicy(let device, let policy):
            self.init(.issuancePolicy, Self.text(device), CanonicalJSON.encode(policy))
        case .goCarry(let device, let carry):
            self.init(.goCarry, Self.text(device), CanonicalJSON.encode(carry))
        case .gcHour(let device, let hour, let closed):
            self.init(
                .gcHour, Self.text(device) + Self.bigEndian(hour.start),
                closed ? nil : CanonicalJSON.encode(HourRecord(device: device, hour: hour)))
        case .lot(let lot):
            self.init(.lot, Self.text(lot.id), CanonicalJSON.encode(lot))
        case .part(let part):
            self.init(.part, Self.text(part.id), CanonicalJSON.encode(part))
        case .cancellation(let c):
            self.init(.cancellation, Self.bigEndian(c.entry), CanonicalJSON.encode(c))
        }
    }

    private init(_ kind: Kind, _ key: [UInt8], _ record: [UInt8]?) {
        (self.kind, self.key, self.record) = (kind, key, record)
    }

    static func text(_ id: String) -> [UInt8] { Array(id.utf8) + [0] }

    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: value).bigEndian) { Array($0) }
    }
}

// MARK: - Records of the ledger types that are not Codable themselves

struct RegistryRecord: Codable {
    let authority: Address
    let issuingBodies: [Address]
    let rewardAsset: AssetID
    let policy: ReadingPolicy
}

struct DeviceRecord: Codable {
    let registration: DeviceRegistration
    let active: Bool
    let statusReason: String
    let registeredAt: UInt64

    init(_ d: Device) {
        (registration, active, statusReason, registeredAt) = (d.registration, d.active, d.statusReason, d.registeredAt)
    }

    var device: Device {
        Device(registration: registration, active: active, statusReason: statusReason, registeredAt: registeredAt)
    }
}

struct OracleRecord: Codable {
    let address: Address
    let name: String
    let active: Bool
    let statusReason: String
    let registeredAt: UInt64

    init(_ o: Oracle) {
        (address, name, active, statusReason, registeredAt) = (
            o.address, o.name, o.active, o.statusReason, o.registeredAt
        )
    }

    var oracle: Oracle {
        Oracle(address: address, name: name, active: active, statusReason: statusReason, registeredAt: registeredAt)
    }
}

struct AssignmentRecord: Codable {
    let meter: String
    let assignment: Assignment
}

struct AttestationRecord: Codable {
    let meter: String
    let start: Int64
    let end: Int64
    let oracle: Address
    let energyWh: UInt64
    let cumulativeWh: Int64?
    let readingID: String
    let entry: UInt64

    init(meter: String, start: Int64, end: Int64, _ a: Attestation) {
        (self.meter, self.start, self.end) = (meter, start, end)
        (oracle, energyWh, cumulativeWh, readingID, entry) = (
            a.oracle, a.energyWh, a.cumulativeWh, Hex.encode(a.readingID), a.entry
        )
    }

    func attestation() throws -> Attestation {
        Attestation(
            oracle: oracle, energyWh: energyWh, cumulativeWh: cumulativeWh, readingID: try Hex.decode(readingID),
            entry: entry)
    }
}

struct IssuanceRecord: Codable {
    let device: String
    let meter: String
    let periodStart: Int64
    let periodEnd: Int64
    let energyWh: UInt64
    let reward: UInt256
    let owner: Address
    let entry: UInt64
    let readingIDs: [String]

    init(_ i: Issuance) {
        (device, meter, periodStart, periodEnd, energyWh, reward, owner, entry) = (
            i.device, i.meter, i.periodStart, i.periodEnd, i.energyWh, i.reward, i.owner, i.entry
        )
        readingIDs = i.readingIDs.map { Hex.encode($0) }
    }

    func issuance() throws -> Issuance {
        Issuance(
            device: device, meter: meter, periodStart: periodStart, periodEnd: periodEnd, energyWh: energyWh,
            reward: reward, owner: owner, entry: entry, readingIDs: try readingIDs.map { try Hex.decode($0) })
    }
}

struct HourRecord: Codable {
    let device: String
    let hour: GCHour
}
