import HelioLedger

/// A command made ready for the writer outside the writer: its author recovered from the signature and
/// its journal payload (canonical JSON of the signed command) already encoded. Both are pure and
/// independent of the state, so they run on all cores (`ParallelVerifier`) and the single writer only
/// applies and appends.
public struct PreparedCommand: Sendable {
    public let command: AuthenticatedCommand
    public let payload: [UInt8]
    /// The beneficiary behind a `CancelCertificate`'s commitment, stored beside the entry (never in it).
    public let opening: BeneficiaryOpening?

    /// - Throws: `LedgerError` for a bad signature, or an opening that is invalid, given for another
    ///   command, or does not hash to the cancellation's commitment.
    public init(_ signed: SignedCommand, domain: CommandDomain, opening: BeneficiaryOpening? = nil) throws(LedgerError)
    {
        command = try signed.authenticate(domain: domain)
        payload = CanonicalJSON.encode(signed)
        if let opening {
            guard case .cancelCertificate(let c) = signed.command else {
                throw LedgerError(.invalidCancellation, "a beneficiary opening comes only with a CancelCertificate")
            }
            try opening.validate()
            guard opening.commitment == c.beneficiaryCommitment else {
                throw LedgerError(
                    .invalidCancellation,
                    "the beneficiary opening hashes to \(opening.commitment), the command commits to \(c.beneficiaryCommitment)"
                )
            }
        }
        self.opening = opening
    }
}
