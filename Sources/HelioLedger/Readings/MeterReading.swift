import HelioCrypto

/// One meter reading as an oracle signs it (EIP-712 `MeterReading`, see `ReadingTypedData`): the energy
/// a meter measured over [periodStart, periodEnd) (unix seconds), and optionally the meter's cumulative
/// register at the end of the period.
public struct MeterReading: Hashable, Sendable, Codable {
    public var meter: String
    public var periodStart: Int64
    public var periodEnd: Int64
    public var energyWh: UInt64
    /// The cumulative register at periodEnd, or nil when the oracle reports none (signed as −1).
    public var cumulativeWh: Int64?

    public init(meter: String, periodStart: Int64, periodEnd: Int64, energyWh: UInt64, cumulativeWh: Int64? = nil) {
        self.meter = meter
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.energyWh = energyWh
        self.cumulativeWh = cumulativeWh
    }

    /// Largest energy of one reading (2^53): keeps every sum and product exact.
    public static let maxEnergyWh: UInt64 = 1 << 53

    /// The checks that need no state: field ranges. (Everything else is a `ReadingCheck`.)
    public func validateFields() throws(ReadingRejection) {
        guard DeviceRegistration.isIdentifier(meter) else {
            throw ReadingRejection(.malformed, "meter id \(meter.debugDescription) is not an identifier")
        }
        guard periodStart >= 0, periodEnd >= 0 else { throw ReadingRejection(.malformed, "negative period time") }
        guard energyWh <= Self.maxEnergyWh else { throw ReadingRejection(.malformed, "energyWh exceeds 2^53") }
        if let c = cumulativeWh, c < 0 { throw ReadingRejection(.malformed, "cumulativeWh must not be negative") }
    }
}

/// A reading whose oracle has been established from a signature (its own, or its batch's).
public struct AttestedReading: Hashable, Sendable {
    public let reading: MeterReading
    public let oracle: Address
    /// The reading's id: its EIP-712 signing digest under the registry's domain (the same however the
    /// reading arrived, alone or in a batch).
    public let id: [UInt8]
    public init(reading: MeterReading, oracle: Address, id: [UInt8]) {
        self.reading = reading
        self.oracle = oracle
        self.id = id
    }
}

/// Why a reading was refused: a stable code and a one-line message.
public struct ReadingRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable reason codes, one per check (also the `reason` label of the rejection metric).
    public enum Code: String, Sendable, Hashable, CaseIterable, Codable {
        /// A field is out of range (negative time, energy beyond 2^53, bad meter id).
        case malformed
        /// The signature is not a valid low-S secp256k1 signature.
        case badSignature = "bad_signature"
        /// The signature recovers to no registered oracle: wrong key, a tampered field, or another
        /// registry's domain (chain id).
        case unknownSigner = "unknown_signer"
        case oracleSuspended = "oracle_suspended"
        case unknownMeter = "unknown_meter"
        case deviceSuspended = "device_suspended"
        /// The oracle is registered but not assigned to this meter for this period.
        case oracleNotAssigned = "oracle_not_assigned"
        /// End not after start.
        case periodInvalid = "period_invalid"
        /// Start or end not on the meter's interval.
        case periodMisaligned = "period_misaligned"
        /// Longer than one hour.
        case periodTooLong = "period_too_long"
        case periodInFuture = "period_in_future"
        case periodTooOld = "period_too_old"
        /// Before the device's commissioning date.
        case beforeCommissioning = "before_commissioning"
        /// Overlaps a different period already attested for this meter.
        case periodOverlap = "period_overlap"
        /// This oracle already attested this period with a different value.
        case alreadyAttested = "already_attested"
        case registerBackwards = "register_backwards"
        /// The register's increase over the previous adjacent period differs from the interval energy.
        case registerMismatch = "register_mismatch"
        case exceedsCapacity = "exceeds_capacity"
        /// Solar energy reported while the sun was below the horizon (beyond tolerance) all period.
        case sunDown = "sun_down"
    }

    public let code: Code
    public let message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}

/// One oracle's attestation of one period of one meter.
public struct Attestation: Hashable, Sendable {
    public let oracle: Address
    public let energyWh: UInt64
    public let cumulativeWh: Int64?
    public let readingID: [UInt8]
    /// The journal entry that recorded it.
    public let entry: UInt64

    public init(oracle: Address, energyWh: UInt64, cumulativeWh: Int64?, readingID: [UInt8], entry: UInt64) {
        self.oracle = oracle
        self.energyWh = energyWh
        self.cumulativeWh = cumulativeWh
        self.readingID = readingID
        self.entry = entry
    }

    /// Two attestations agree when they report the same energy and the same register.
    func agrees(with other: Attestation) -> Bool {
        energyWh == other.energyWh && cumulativeWh == other.cumulativeWh
    }
}

/// A period of a meter and everything attested about it. A period backs energy at most once: when
/// `issuance` is set, nothing more is ever issued for it.
public struct PeriodRecord: Hashable, Sendable {
    public let start: Int64
    public let end: Int64
    public internal(set) var attestations: [Attestation]
    public internal(set) var issuance: Issuance?

    /// True when the oracles do not all agree (recorded and shown, never silently dropped).
    public var disputed: Bool {
        guard let first = attestations.first else { return false }
        return attestations.contains { !$0.agrees(with: first) }
    }
}

/// Energy that reached its quorum and was issued: the trail from reward tokens to signed readings.
public struct Issuance: Hashable, Sendable {
    public let device: String
    public let meter: String
    public let periodStart: Int64
    public let periodEnd: Int64
    public let energyWh: UInt64
    /// Reward minted to the device owner (base units; zero, and nothing minted, for a device that is not
    /// solar or a period without energy).
    public let reward: UInt256
    public let owner: Address
    /// The journal entry whose reading completed the quorum (it holds the mint).
    public let entry: UInt64
    /// The ids of the agreeing readings behind it.
    public let readingIDs: [[UInt8]]

    public init(
        device: String, meter: String, periodStart: Int64, periodEnd: Int64, energyWh: UInt64, reward: UInt256,
        owner: Address, entry: UInt64, readingIDs: [[UInt8]]
    ) {
        self.device = device
        self.meter = meter
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.energyWh = energyWh
        self.reward = reward
        self.owner = owner
        self.entry = entry
        self.readingIDs = readingIDs
    }
}

/// What happened to one reading.
public enum ReadingVerdict: Hashable, Sendable {
    /// Recorded as an attestation; `issuance` is set when this reading completed its period's quorum.
    case accepted(period: PeriodStatus, issuance: Issuance?)
    /// The same reading (same id) was recorded before: nothing changes (re-sending is idempotent).
    case alreadyRecorded(period: PeriodStatus)
    case rejected(ReadingRejection)
}

/// A period's quorum state after a reading.
public struct PeriodStatus: Hashable, Sendable {
    public let attestations: Int
    public let quorum: Int
    public let issued: Bool
    public let disputed: Bool
}
