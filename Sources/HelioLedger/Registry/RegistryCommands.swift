import HelioCrypto

/// The issuing body's commands: who may attest what. Each is an EIP-712 command signed by an
/// issuing-body key (`ConfigureRegistry` by the registry's own key), with the author's nonce, and goes
/// through the same path as every other command (`POST /v1/commands`, `helio admin …`).
extension Command {
    /// Sets the registry's authority facts: the issuing bodies, the reward asset, and the reading
    /// policy. The first `ConfigureRegistry` (journal entry 1, written by `helio registry init`) makes
    /// its author the registry authority; only that author may configure again.
    public struct ConfigureRegistry: Codable, Hashable, Sendable {
        public var issuingBodies: [Address]
        public var rewardAsset: AssetID
        public var policy: ReadingPolicy
        public init(issuingBodies: [Address], rewardAsset: AssetID, policy: ReadingPolicy = ReadingPolicy()) {
            self.issuingBodies = issuingBodies
            self.rewardAsset = rewardAsset
            self.policy = policy
        }
    }

    /// Registers a production device with its EECS fields and its meters.
    public struct RegisterDevice: Codable, Hashable, Sendable {
        public var device: DeviceRegistration
        public init(_ device: DeviceRegistration) { self.device = device }
    }

    /// Registers an oracle: a key that may attest readings once assigned to a meter.
    public struct RegisterOracle: Codable, Hashable, Sendable {
        public var oracle: Address
        public var name: String
        public init(oracle: Address, name: String) {
            self.oracle = oracle
            self.name = name
        }
    }

    /// Assigns oracles to a meter from `validFrom` (unix seconds) on: readings of periods starting at or
    /// after `validFrom` are counted when `quorum` of these oracles attest the same value. A later
    /// assignment of the same meter takes over from its own `validFrom`.
    public struct AssignOracles: Codable, Hashable, Sendable {
        public var meter: String
        public var oracles: [Address]
        public var quorum: UInt8
        public var validFrom: Int64
        public init(meter: String, oracles: [Address], quorum: UInt8, validFrom: Int64) {
            self.meter = meter
            self.oracles = oracles
            self.quorum = quorum
            self.validFrom = validFrom
        }
    }

    /// Suspends (`active: false`) or reinstates a device. Readings of a suspended device are refused.
    public struct SetDeviceStatus: Codable, Hashable, Sendable {
        public var device: String
        public var active: Bool
        public var reason: String
        public init(device: String, active: Bool, reason: String) {
            self.device = device
            self.active = active
            self.reason = reason
        }
    }

    /// Suspends or reinstates an oracle. A suspended oracle's readings are refused.
    public struct SetOracleStatus: Codable, Hashable, Sendable {
        public var oracle: Address
        public var active: Bool
        public var reason: String
        public init(oracle: Address, active: Bool, reason: String) {
            self.oracle = oracle
            self.active = active
            self.reason = reason
        }
    }
}

/// The limits a reading is checked against (policy of one registry, set by `ConfigureRegistry`).
public struct ReadingPolicy: Codable, Hashable, Sendable {
    /// A reading whose period ended longer ago than this is refused (`period_too_old`).
    public var maxAgeSeconds: Int64
    /// How far a period's end may lie beyond the registry's clock (`period_in_future`).
    public var futureSkewSeconds: Int64
    /// Energy may be at most capacity × duration × this / 100 (`exceeds_capacity`).
    public var capacityMarginPercent: UInt32
    /// A solar reading with energy is refused when the sun stays more than this far below the horizon
    /// (hundredths of a degree) for the whole period (`sun_down`).
    public var sunToleranceCentidegrees: UInt32

    public init(
        maxAgeSeconds: Int64 = 366 * 86_400, futureSkewSeconds: Int64 = 300, capacityMarginPercent: UInt32 = 110,
        sunToleranceCentidegrees: UInt32 = 300
    ) {
        self.maxAgeSeconds = maxAgeSeconds
        self.futureSkewSeconds = futureSkewSeconds
        self.capacityMarginPercent = capacityMarginPercent
        self.sunToleranceCentidegrees = sunToleranceCentidegrees
    }
}
