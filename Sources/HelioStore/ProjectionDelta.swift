import HelioLedger

/// The net effect of a batch's `StateChange`s on the projections: each key's LAST value.
///
/// Why this is exact: a batch is one transaction, so no reader ever sees an intermediate value, and each
/// projection row depends on its own key only (no CHECK or trigger spans rows). Applying the changes in
/// order and writing each key's final value give the same tables. Why it matters: a busy batch touches
/// the same rows again and again (the issuer's supply on every mint, a hot account's balance, an
/// author's nonce once per command), and each write it saves is a row. (One difference only a malformed
/// batch could see: a row of an unknown asset that ends at zero is a no-op delete, not a foreign-key
/// error.)
struct ProjectionDelta {
    /// New assets, in order (each is inserted once, before the rows that refer to it).
    private(set) var assets: [Asset] = []
    /// Keyed by asset id hash.
    private(set) var supplies: [RowKey: UInt256] = [:]
    /// Keyed by asset id hash ‖ account.
    private(set) var balances: [RowKey: UInt256] = [:]
    /// Keyed by asset id hash ‖ owner ‖ spender.
    private(set) var allowances: [RowKey: UInt256] = [:]
    /// Keyed by account.
    private(set) var nonces: [RowKey: UInt64] = [:]
    /// Registrations (configuration, devices, oracles, assignments), in order: few, written one by one.
    private(set) var registrations: [StateChange] = []
    /// Attestations and issuances: inserts only, in order (the hot path of readings).
    private(set) var attestations: [(meter: String, start: Int64, end: Int64, attestation: Attestation)] = []
    private(set) var issuances: [Issuance] = []
    /// Certificate records (issue 5): each key's last version, in the order keys first appeared. A GO
    /// carry or a pending GC hour changes with every reading of its device; written once per batch.
    private(set) var certificates: [StateChange] = []
    private var certificateSlots: [String: Int] = [:]

    mutating func record(_ change: StateChange) {
        switch change {
        case .asset(let asset): assets.append(asset)
        case .supply(let asset, let total): supplies[RowKey(asset.hash)] = total
        case .balance(let asset, let account, let amount):
            balances[RowKey(asset.hash + account.rawValue)] = amount
        case .allowance(let asset, let owner, let spender, let amount):
            allowances[RowKey(asset.hash + owner.rawValue + spender.rawValue)] = amount
        case .nonce(let account, let next): nonces[RowKey(account.rawValue)] = next
        case .registry, .device, .oracle, .assignment: registrations.append(change)
        case .attestation(let meter, let start, let end, let a): attestations.append((meter, start, end, a))
        case .issuance(let i): issuances.append(i)
        case .certificateConfig, .issuancePolicy, .goCarry, .gcHour, .lot, .part, .cancellation:
            let key = Self.certificateKey(change)
            if let slot = certificateSlots[key] {
                certificates[slot] = change
            } else {
                certificateSlots[key] = certificates.count
                certificates.append(change)
            }
        }
    }
}

extension ProjectionDelta {
    /// The row a certificate change writes: its table and primary key.
    static func certificateKey(_ change: StateChange) -> String {
        switch change {
        case .certificateConfig: "config"
        case .issuancePolicy(let device, _): "policy \(device)"
        case .goCarry(let device, _): "carry \(device)"
        case .gcHour(let device, let hour, _): "hour \(device) \(hour.start)"
        case .lot(let l): "lot \(l.id)"
        case .part(let p): "part \(p.id)"
        case .cancellation(let c): "cancellation \(c.entry)"
        default: preconditionFailure("not a certificate change")
        }
    }
}

/// A projection row's primary key as its column values back to back (every part has a fixed length:
/// 20-byte asset id hashes and addresses), so byte order is the table's key order.
///
/// Hashes its bytes in one call: the synthesized `Hashable` of `[UInt8]` (and so of `HoldingKey`) feeds
/// the hasher one byte at a time, which showed up in the commit profile.
struct RowKey: Hashable, Comparable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The `part`-th 20-byte column of the key.
    func column(_ part: Int) -> ArraySlice<UInt8> { bytes[(part * 20)..<(part * 20 + 20)] }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func < (a: RowKey, b: RowKey) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
