import HelioCrypto

/// The two certificate schemes Helio issues from verified readings (docs/certificates.md).
public enum CertificateScheme: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    /// Guarantee of origin (EU RED II art. 19, EECS): whole MWh per device, remainder carried.
    case go = "GO"
    /// Granular certificate (EnergyTag): one lot per device and clock hour, in Wh.
    case gc = "GC"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// 1 MWh in Wh: one GO.
    public static let whPerGO: UInt64 = 1_000_000
}

/// The device facts a lot carries with it (its "colour"): every part of the lot keeps them through
/// every split and transfer, whatever happens to the device's registration later.
public struct LotDevice: Codable, Hashable, Sendable {
    public let id: String
    public let name: String
    public let codeList: String
    public let energySource: String
    public let technology: String
    public let capacityW: UInt64
    public let commissioningDate: String
    public let country: String
    public let gridArea: String
    public let latitudeE6: Int64
    public let longitudeE6: Int64
    public let support: String

    init(_ d: DeviceRegistration) {
        id = d.id
        name = d.name
        codeList = d.codeList
        energySource = d.energySource
        technology = d.technology
        capacityW = d.capacityW
        commissioningDate = d.commissioningDate
        country = d.country
        gridArea = d.gridArea
        latitudeE6 = d.latitudeE6
        longitudeE6 = d.longitudeE6
        support = d.support
    }
}

/// A lot: certificates issued at once for one device and production period. Immutable once issued
/// except for its lifecycle status; its units live in parts (`CertificatePart`).
public struct CertificateLot: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable {
        case active, expired, withdrawn
    }

    /// `<scheme>-<n>`, n counted over both schemes in journal order.
    public let id: String
    public let scheme: CertificateScheme
    public let device: LotDevice
    /// EECS energy carrier; Helio issues for electricity only.
    public let energyCarrier: String
    public let productionStart: Int64
    public let productionEnd: Int64
    public let volumeWh: UInt64
    /// Registry time of the issuing entry.
    public let issuedAt: Int64
    /// The journal entry that issued it (it holds the reading that completed the lot).
    public let issuanceEntry: UInt64
    public let expiresAt: Int64
    /// The issuing body that set the device's issuance policy, and the registry's issuer name.
    public let issuingBody: Address
    public let issuer: String
    /// The ids (EIP-712 digests) of the readings behind the lot, in issuance order. Their RFC 9162 root
    /// is the lot's `readingsRoot` (computed where the log's hashing lives).
    public let readingIDs: [Hash32]
    public internal(set) var status: Status
    /// The reason a lot was withdrawn, or "".
    public internal(set) var statusReason: String
    public internal(set) var statusEntry: UInt64?
    /// Wh cancelled so far (a lot with cancellations cannot be withdrawn).
    public internal(set) var cancelledWh: UInt64
    /// The next part number (part 0 is the issued part).
    public internal(set) var nextPart: UInt32

    public var rootPart: String { "\(id).0" }
}

/// A holding: Wh of one lot owned by one account. Parts never change owner: a transfer lowers the
/// parent's volume and creates a child for the receiver, so lineage is a chain of parts.
public struct CertificatePart: Codable, Hashable, Sendable {
    public let id: String
    public let lot: String
    /// nil for the issued part `<lot>.0`.
    public let parent: String?
    public let owner: Address
    /// Wh the part was created with.
    public let createdWh: UInt64
    /// Wh it still holds (what may be transferred or cancelled).
    public internal(set) var volumeWh: UInt64
    /// True for the part a cancellation created: its units can never move again.
    public let cancelled: Bool
    /// The journal entry that created it.
    public let entry: UInt64
}

/// A retirement: Wh of a lot cancelled for a beneficiary, named only by a salted commitment.
public struct Cancellation: Codable, Hashable, Sendable {
    /// The journal entry that recorded it (its id, as decimal text in the API).
    public let entry: UInt64
    public let time: Int64
    /// The holder's part the units came from, and the cancelled part created for them.
    public let fromPart: String
    public let part: String
    public let lot: String
    public let holder: Address
    public let volumeWh: UInt64
    public let beneficiaryCommitment: Hash32
    public let purpose: String
    public let consumptionStart: Int64
    public let consumptionEnd: Int64
    public let location: String
}
