import HelioLedger

/// A command made ready for the writer outside the writer: its author recovered from the signature and
/// its journal payload (canonical JSON of the signed command) already encoded. Both are pure and
/// independent of the state, so they run on all cores (`ParallelVerifier`) and the single writer only
/// applies and appends.
public struct PreparedCommand: Sendable {
    public let command: AuthenticatedCommand
    public let payload: [UInt8]

    public init(_ signed: SignedCommand, domain: CommandDomain) throws(LedgerError) {
        command = try signed.authenticate(domain: domain)
        payload = CanonicalJSON.encode(signed)
    }
}
