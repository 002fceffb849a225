import HelioCrypto

/// The beneficiary of a cancellation, and the salt that hides it. The journal holds only the commitment;
/// the opening lives in an erasable table and goes back to the holder in the statement, so personal data
/// can be erased without touching the log (docs/certificates.md).
///
///     commitment = SHA-256("helio-beneficiary-v1" ‖ 0x0A ‖ salt ‖ u32be(len name) ‖ name ‖ u32be(len address) ‖ address)
///
/// Length prefixes make the preimage unambiguous without escaping rules.
public struct BeneficiaryOpening: Codable, Hashable, Sendable {
    public let salt: Hash32
    public let name: String
    public let address: String

    public init(salt: Hash32, name: String, address: String) {
        self.salt = salt
        self.name = name
        self.address = address
    }

    /// A fresh opening with a random salt (clients).
    public static func random(name: String, address: String) -> BeneficiaryOpening {
        BeneficiaryOpening(salt: try! Hash32(SecureRandom.bytes(32)), name: name, address: address)
    }

    public static let domainTag = "helio-beneficiary-v1"

    public var commitment: Hash32 {
        var preimage = Array(Self.domainTag.utf8) + [0x0A] + salt.bytes
        for field in [name, address] {
            let bytes = Array(field.utf8)
            let n = UInt32(clamping: bytes.count)
            preimage += [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + bytes
        }
        return try! Hash32(Digest.sha256(preimage))
    }

    /// Field limits: a name of 1–200 bytes, an address of 0–500 bytes.
    public func validate() throws(LedgerError) {
        guard !name.isEmpty, name.utf8.count <= 200 else {
            throw LedgerError(.invalidCancellation, "beneficiary name must be 1–200 bytes")
        }
        guard address.utf8.count <= 500 else {
            throw LedgerError(.invalidCancellation, "beneficiary address must be at most 500 bytes")
        }
    }
}
