import HelioCrypto

/// What happened, as the outside world sees it (ERC20 logs, server-sent events).
public enum LedgerEvent: Hashable, Sendable, Codable {
    /// ERC20 Transfer; from = 0x0 for a mint, to = 0x0 for a burn.
    case transfer(asset: AssetID, from: Address, to: Address, value: UInt256)
    /// ERC20 Approval.
    case approval(asset: AssetID, owner: Address, spender: Address, value: UInt256)
    case assetDefined(asset: AssetID, tokenAddress: Address, issuer: Address, definitionSHA256: String)
}

/// One row-level change to the projections, in the order it happened. The store applies these in the
/// same transaction as the journal append, so the projection never disagrees with the journal.
public enum StateChange: Hashable, Sendable {
    case asset(Asset)
    case supply(asset: AssetID, total: UInt256)
    case balance(asset: AssetID, account: Address, amount: UInt256)
    case allowance(asset: AssetID, owner: Address, spender: Address, amount: UInt256)
    case nonce(account: Address, next: UInt64)
    // Registry (issue 4).
    case registry(authority: Address, issuingBodies: [Address], rewardAsset: AssetID, policy: ReadingPolicy)
    /// A device registered, or its status changed (upsert).
    case device(Device)
    /// An oracle registered, or its status changed (upsert).
    case oracle(Oracle)
    case assignment(meter: String, Assignment)
    case attestation(meter: String, periodStart: Int64, periodEnd: Int64, Attestation)
    case issuance(Issuance)
    // Certificates (issue 5): whole records, upserted by key.
    case certificateConfig(CertificateConfig)
    case issuancePolicy(device: String, IssuancePolicy)
    case goCarry(device: String, GOCarry)
    /// A pending device-hour changed (upsert), or was issued (`closed`: its row goes).
    case gcHour(device: String, GCHour, closed: Bool)
    case lot(CertificateLot)
    case part(CertificatePart)
    case cancellation(Cancellation)
}

/// The result of applying one command.
public struct Outcome: Hashable, Sendable {
    public var events: [LedgerEvent] = []
    public var changes: [StateChange] = []
    /// Set only by `LedgerState.execute`: the transaction landed but its call failed (Ethereum's
    /// status 0) — the only change is the author's nonce.
    public var failure: LedgerError? = nil

    public init(events: [LedgerEvent] = [], changes: [StateChange] = [], failure: LedgerError? = nil) {
        (self.events, self.changes, self.failure) = (events, changes, failure)
    }
}
