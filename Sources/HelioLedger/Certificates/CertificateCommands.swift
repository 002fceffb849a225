import HelioCrypto

/// Certificate commands (issue 5). Like every command: EIP-712 signed by its author with the author's
/// nonce, through `POST /v1/commands` (cancellations through `POST /v1/cancellations`, which also
/// carries the beneficiary's opening).
extension Command {
    /// The registry's certificate settings (authority only). Without it: issuer "", GO 12 months, GC 730 days.
    public struct ConfigureCertificates: Codable, Hashable, Sendable {
        /// The issuing body's name as printed on lots (e.g. "Helio Demo Issuing Body").
        public var issuer: String
        /// GOs expire this many calendar months after the end of production (RED II: 12; some countries 18).
        public var goExpiryMonths: UInt8
        /// GCs expire this many days after the end of production (EnergyTag default: 2 years).
        public var gcExpiryDays: UInt16
        public init(issuer: String, goExpiryMonths: UInt8 = 12, gcExpiryDays: UInt16 = 730) {
            self.issuer = issuer
            self.goExpiryMonths = goExpiryMonths
            self.gcExpiryDays = gcExpiryDays
        }
    }

    /// Which schemes a device's verified energy is issued under from now on (issuing body). An empty
    /// list stops certificate issuance (rewards go on); the GO carry is kept.
    public struct SetIssuancePolicy: Codable, Hashable, Sendable {
        public var device: String
        public var schemes: [CertificateScheme]
        public init(device: String, schemes: [CertificateScheme]) {
            self.device = device
            self.schemes = schemes
        }
    }

    /// Moves `volumeWh` of a part the author holds to `to` (a new part, child of `part`).
    public struct TransferCertificate: Codable, Hashable, Sendable {
        public var part: String
        public var to: Address
        public var volumeWh: UInt64
        public init(part: String, to: Address, volumeWh: UInt64) {
            self.part = part
            self.to = to
            self.volumeWh = volumeWh
        }
    }

    /// Cancels (retires) `volumeWh` of a part the author holds for a beneficiary, named only by its
    /// salted commitment (`BeneficiaryOpening`), with the purpose, consumption period and location.
    public struct CancelCertificate: Codable, Hashable, Sendable {
        public var part: String
        public var volumeWh: UInt64
        public var beneficiaryCommitment: Hash32
        public var purpose: String
        public var consumptionStart: Int64
        public var consumptionEnd: Int64
        /// Where the energy was consumed: a country (ISO 3166-1) or bidding zone.
        public var location: String
        public init(
            part: String, volumeWh: UInt64, beneficiaryCommitment: Hash32, purpose: String, consumptionStart: Int64,
            consumptionEnd: Int64, location: String
        ) {
            self.part = part
            self.volumeWh = volumeWh
            self.beneficiaryCommitment = beneficiaryCommitment
            self.purpose = purpose
            self.consumptionStart = consumptionStart
            self.consumptionEnd = consumptionEnd
            self.location = location
        }
    }

    /// Withdraws a mistaken lot that has no cancellations (issuing body): all its units stop.
    public struct WithdrawLot: Codable, Hashable, Sendable {
        public var lot: String
        public var reason: String
        public init(lot: String, reason: String) {
            self.lot = lot
            self.reason = reason
        }
    }
}
