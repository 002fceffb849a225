import HelioCrypto

/// Certificate commands: policy, settings, transfer, cancellation, withdrawal, and the expiry system
/// entry. All checks first, then the writes (nothing changes when one throws).
extension LedgerState {
    mutating func configureCertificates(
        _ c: Command.ConfigureCertificates, by author: Address, _ out: inout Outcome
    ) throws(LedgerError) {
        guard let authority = registry.authority, authority == author else {
            throw LedgerError(.notAuthority, "only the registry authority may configure certificates")
        }
        guard c.issuer.utf8.count <= 200 else { throw LedgerError(.invalidPolicy, "issuer exceeds 200 bytes") }
        guard (1...60).contains(c.goExpiryMonths), (1...3650).contains(c.gcExpiryDays) else {
            throw LedgerError(.invalidPolicy, "goExpiryMonths must be 1…60 and gcExpiryDays 1…3650")
        }
        var config = CertificateConfig()
        config.issuer = c.issuer
        config.goExpiryMonths = c.goExpiryMonths
        config.gcExpiryDays = c.gcExpiryDays
        certificates.config = config
        out.changes.append(.certificateConfig(config))
    }

    mutating func setIssuancePolicy(
        _ c: Command.SetIssuancePolicy, by author: Address, context: EntryContext, _ out: inout Outcome
    ) throws(LedgerError) {
        guard registry.issuingBodies.contains(author) else {
            throw LedgerError(.notIssuingBody, "\(author) is not an issuing body of this registry")
        }
        guard registry.devices[c.device] != nil else {
            throw LedgerError(.unknownDevice, "device \(c.device) is not registered")
        }
        guard Set(c.schemes).count == c.schemes.count else {
            throw LedgerError(.invalidPolicy, "a scheme is listed twice")
        }
        let policy = IssuancePolicy(schemes: c.schemes.sorted(), issuingBody: author, entry: context.index)
        certificates.policies[c.device] = policy
        out.changes.append(.issuancePolicy(device: c.device, policy))
    }

    /// The part `id`, held by `holder`, whose units may still move at `time`, with at least `volumeWh`.
    private func movablePart(
        _ id: String, holder: Address, volumeWh: UInt64, time: Int64
    ) throws(LedgerError) -> (CertificatePart, CertificateLot) {
        guard let part = certificates.parts[id], let lot = certificates.lots[part.lot] else {
            throw LedgerError(.unknownCertificate, "no certificate part \(id)")
        }
        guard part.owner == holder else {
            throw LedgerError(.notHolder, "part \(id) is held by \(part.owner), not \(holder)")
        }
        guard !part.cancelled else {
            throw LedgerError(.certificateCancelled, "part \(id) is cancelled: its units can never move again")
        }
        guard lot.status != .withdrawn else {
            throw LedgerError(.certificateWithdrawn, "lot \(lot.id) was withdrawn: \(lot.statusReason)")
        }
        guard lot.status != .expired, lot.expiresAt > time else {
            throw LedgerError(.certificateExpired, "lot \(lot.id) expired at \(lot.expiresAt)")
        }
        guard volumeWh > 0 else { throw LedgerError(.invalidTransfer, "volumeWh must be at least 1") }
        guard volumeWh <= part.volumeWh else {
            throw LedgerError(
                .insufficientCertificate, "part \(id) holds \(part.volumeWh) Wh, \(volumeWh) Wh requested")
        }
        return (part, lot)
    }

    /// Splits `volumeWh` off `part` into the lot's next part, owned by `owner`.
    private mutating func split(
        _ part: CertificatePart, _ lot: CertificateLot, volumeWh: UInt64, owner: Address, cancelled: Bool,
        context: EntryContext, _ out: inout Outcome
    ) -> CertificatePart {
        var parent = part
        parent.volumeWh -= volumeWh
        var l = lot
        let child = CertificatePart(
            id: "\(lot.id).\(lot.nextPart)", lot: lot.id, parent: part.id, owner: owner, createdWh: volumeWh,
            volumeWh: cancelled ? 0 : volumeWh, cancelled: cancelled, entry: context.index)
        l.nextPart += 1
        if cancelled { l.cancelledWh += volumeWh }
        certificates.parts[parent.id] = parent
        certificates.parts[child.id] = child
        certificates.lots[l.id] = l
        out.changes.append(.part(parent))
        out.changes.append(.part(child))
        out.changes.append(.lot(l))
        return child
    }

    mutating func transferCertificate(
        _ c: Command.TransferCertificate, by author: Address, context: EntryContext, _ out: inout Outcome
    ) throws(LedgerError) {
        let (part, lot) = try movablePart(c.part, holder: author, volumeWh: c.volumeWh, time: context.time)
        guard c.to != .zero else { throw LedgerError(.invalidTransfer, "a certificate cannot go to the zero address") }
        _ = split(part, lot, volumeWh: c.volumeWh, owner: c.to, cancelled: false, context: context, &out)
    }

    mutating func cancelCertificate(
        _ c: Command.CancelCertificate, by author: Address, context: EntryContext, _ out: inout Outcome
    ) throws(LedgerError) {
        let (part, lot) = try movablePart(c.part, holder: author, volumeWh: c.volumeWh, time: context.time)
        func bad(_ m: String) -> LedgerError { LedgerError(.invalidCancellation, m) }
        guard !c.purpose.isEmpty, c.purpose.utf8.count <= 200 else { throw bad("purpose must be 1–200 bytes") }
        guard !c.location.isEmpty, c.location.utf8.count <= 64 else { throw bad("location must be 1–64 bytes") }
        guard c.consumptionStart >= 0, c.consumptionEnd > c.consumptionStart else {
            throw bad("the consumption period must end after it starts (unix seconds ≥ 0)")
        }
        guard c.consumptionEnd - c.consumptionStart <= 366 * 86_400 else {
            throw bad("the consumption period is longer than a year")
        }
        let cancelled = split(part, lot, volumeWh: c.volumeWh, owner: author, cancelled: true, context: context, &out)
        let record = Cancellation(
            entry: context.index, time: context.time, fromPart: part.id, part: cancelled.id, lot: lot.id,
            holder: author, volumeWh: c.volumeWh, beneficiaryCommitment: c.beneficiaryCommitment,
            purpose: c.purpose, consumptionStart: c.consumptionStart, consumptionEnd: c.consumptionEnd,
            location: c.location)
        certificates.cancellations[context.index] = record
        out.changes.append(.cancellation(record))
    }

    mutating func withdrawLot(
        _ c: Command.WithdrawLot, by author: Address, context: EntryContext, _ out: inout Outcome
    ) throws(LedgerError) {
        guard registry.issuingBodies.contains(author) else {
            throw LedgerError(.notIssuingBody, "\(author) is not an issuing body of this registry")
        }
        guard var lot = certificates.lots[c.lot] else { throw LedgerError(.unknownCertificate, "no lot \(c.lot)") }
        guard !c.reason.isEmpty, c.reason.utf8.count <= 200 else {
            throw LedgerError(.invalidPolicy, "a withdrawal needs a reason of 1–200 bytes")
        }
        guard lot.status == .active else {
            throw LedgerError(
                lot.status == .expired ? .certificateExpired : .certificateWithdrawn,
                "lot \(lot.id) is already \(lot.status.rawValue)")
        }
        guard lot.cancelledWh == 0 else {
            throw LedgerError(
                .lotHasCancellations, "lot \(lot.id) has \(lot.cancelledWh) Wh cancelled: it cannot be withdrawn")
        }
        lot.status = .withdrawn
        lot.statusReason = c.reason
        lot.statusEntry = context.index
        certificates.lots[lot.id] = lot
        certificates.dequeueExpiry(lot)
        out.changes.append(.lot(lot))
    }

    /// The expiry system entry (kind `ExpireLots`): marks lots expired. Replay re-checks each was due at
    /// the entry's time, so the same log always gives the same state.
    public mutating func expire(lots ids: [String], context: EntryContext) throws(LedgerError) -> Outcome {
        var out = Outcome()
        guard !ids.isEmpty, Set(ids).count == ids.count else {
            throw LedgerError(.malformedCommand, "an expiry entry lists 1 or more distinct lots")
        }
        for id in ids {
            guard let lot = certificates.lots[id] else { throw LedgerError(.unknownCertificate, "no lot \(id)") }
            guard lot.status == .active, lot.expiresAt <= context.time else {
                throw LedgerError(.notDue, "lot \(id) is \(lot.status.rawValue), expiring at \(lot.expiresAt)")
            }
        }
        for id in ids {
            var lot = certificates.lots[id]!
            lot.status = .expired
            lot.statusEntry = context.index
            certificates.lots[id] = lot
            certificates.dequeueExpiry(lot)
            out.changes.append(.lot(lot))
        }
        return out
    }
}
