import HelioCrypto
import HelioEnergy

/// Readings: the checks that are the product ("garbage in is the real risk"), then quorum and issuance.
///
/// `ingest` takes readings whose oracle is already established (signatures are checked in parallel
/// before the single writer) and decides each one on its own, in order, so a later reading sees the
/// earlier ones. A rejected reading changes nothing. An accepted reading is an attestation; when the
/// agreeing attestations of a period reach the meter's quorum, its energy is issued: the reward is
/// minted to the device owner in the same entry, and the issuance names the readings behind it.
extension LedgerState {
    /// 1 Wh of reward = 10^12 base units (18 decimals, 1 token per MWh).
    public static let rewardUnitsPerWh: UInt64 = 1_000_000_000_000

    /// Decides each reading and applies the accepted ones. `context` is the entry that will hold the
    /// accepted readings (the caller appends it only when at least one was accepted).
    public mutating func ingest(
        _ readings: [AttestedReading], context: EntryContext
    ) -> (
        verdicts: [ReadingVerdict], outcome: Outcome
    ) {
        var out = Outcome()
        var verdicts: [ReadingVerdict] = []
        verdicts.reserveCapacity(readings.count)
        for r in readings {
            do {
                verdicts.append(try ingest(r, context: context, &out))
            } catch {
                verdicts.append(.rejected(error))
            }
        }
        return (verdicts, out)
    }

    /// What `decide` concluded for a reading that passed every check.
    private enum Decision {
        case alreadyRecorded(PeriodStatus)
        /// Record `record` (the period with the new attestation appended) at `at`, replacing `existing`.
        case accept(record: PeriodRecord, at: Int, existing: Int?, quorum: UInt8, device: Device)
    }

    private mutating func ingest(
        _ attested: AttestedReading, context: EntryContext, _ out: inout Outcome
    ) throws(ReadingRejection) -> ReadingVerdict {
        // Decided first, reading the state only; written after, in place (a local copy of the meter
        // would make the write copy its whole period array on every reading).
        switch try decide(attested, context: context) {
        case .alreadyRecorded(let status):
            return .alreadyRecorded(period: status)
        case .accept(var record, let at, let existing, let quorum, let device):
            let r = attested.reading
            let attestation = record.attestations.last!
            out.changes.append(
                .attestation(meter: r.meter, periodStart: r.periodStart, periodEnd: r.periodEnd, attestation))
            var issued: Issuance? = nil
            if record.issuance == nil {
                let agreeing = record.attestations.filter { $0.agrees(with: attestation) }
                if agreeing.count >= Int(quorum) {
                    issued = issue(r, device: device, readings: agreeing.map(\.readingID), context: context, &out)
                    record.issuance = issued
                }
            }
            if let e = existing {
                registry.meters[r.meter]!.periods[e] = record
            } else {
                registry.meters[r.meter]!.periods.insert(record, at: at)
            }
            return .accepted(period: status(record, quorum: quorum), issuance: issued)
        }
    }

    /// Every check, in order; throws the first that fails.
    private func decide(_ attested: AttestedReading, context: EntryContext) throws(ReadingRejection) -> Decision {
        let r = attested.reading
        try r.validateFields()
        // Who: a registered, active oracle, for a registered meter of an active device.
        guard let oracle = registry.oracles[attested.oracle] else {
            throw ReadingRejection(
                .unknownSigner,
                "the signature recovers \(attested.oracle), not a registered oracle (wrong key, altered reading, "
                    + "or another registry's domain)")
        }
        guard oracle.active else {
            throw ReadingRejection(.oracleSuspended, "oracle \(oracle.address) is suspended: \(oracle.statusReason)")
        }
        guard let meter = registry.meters[r.meter] else {
            throw ReadingRejection(.unknownMeter, "meter \(r.meter) is not registered")
        }
        let device = registry.devices[meter.device]!
        guard device.active else {
            throw ReadingRejection(.deviceSuspended, "device \(device.id) is suspended: \(device.statusReason)")
        }
        // When: a well-formed period of the meter's interval, at most an hour, not in the future, not too old.
        try checkPeriod(r, meter: meter, device: device, now: context.time)
        guard let assignment = meter.assignment(at: r.periodStart), assignment.oracles.contains(oracle.address) else {
            throw ReadingRejection(
                .oracleNotAssigned, "oracle \(oracle.address) is not assigned to meter \(r.meter) at \(r.periodStart)")
        }
        // Once: the exact period again (another oracle's attestation, or a resend), or no overlap at all.
        let at = meter.insertionIndex(r.periodStart)
        let existing = try locate(r, in: meter, at: at)
        if let e = existing {
            let record = meter.periods[e]
            if let mine = record.attestations.first(where: { $0.oracle == oracle.address }) {
                guard mine.readingID == attested.id else {
                    throw ReadingRejection(
                        .alreadyAttested,
                        "oracle \(oracle.address) already attested \(r.meter) [\(r.periodStart), \(r.periodEnd)) "
                            + "with \(mine.energyWh) Wh")
                }
                return .alreadyRecorded(status(record, quorum: assignment.quorum))
            }
        }
        // Plausible: capacity, register, sun.
        try checkPlausible(r, device: device)
        try checkRegister(r, meter: meter, at: at, existing: existing)
        let attestation = Attestation(
            oracle: oracle.address, energyWh: r.energyWh, cumulativeWh: r.cumulativeWh, readingID: attested.id,
            entry: context.index)
        var record: PeriodRecord
        if let e = existing {
            record = meter.periods[e]
            record.attestations.append(attestation)
        } else {
            record = PeriodRecord(start: r.periodStart, end: r.periodEnd, attestations: [attestation], issuance: nil)
        }
        return .accept(record: record, at: at, existing: existing, quorum: assignment.quorum, device: device)
    }

    private func status(_ record: PeriodRecord, quorum: UInt8) -> PeriodStatus {
        PeriodStatus(
            attestations: record.attestations.count, quorum: Int(quorum), issued: record.issuance != nil,
            disputed: record.disputed)
    }

    private func checkPeriod(_ r: MeterReading, meter: MeterState, device: Device, now: Int64) throws(ReadingRejection)
    {
        let span = "[\(r.periodStart), \(r.periodEnd))"
        guard r.periodEnd > r.periodStart else {
            throw ReadingRejection(.periodInvalid, "period \(span) does not end after it starts")
        }
        guard r.periodEnd - r.periodStart <= 3600 else {
            throw ReadingRejection(.periodTooLong, "period \(span) is longer than one hour")
        }
        let interval = Int64(meter.intervalSeconds)
        guard r.periodStart % interval == 0, r.periodEnd % interval == 0 else {
            throw ReadingRejection(
                .periodMisaligned, "period \(span) is not aligned to meter \(meter.id)'s \(interval) s interval")
        }
        let policy = registry.policy
        guard r.periodEnd <= now + policy.futureSkewSeconds else {
            throw ReadingRejection(.periodInFuture, "period \(span) ends in the future (registry time \(now))")
        }
        guard r.periodEnd >= now - policy.maxAgeSeconds else {
            throw ReadingRejection(
                .periodTooOld, "period \(span) ended more than \(policy.maxAgeSeconds) s before registry time \(now)")
        }
        guard r.periodStart >= device.registration.commissionedAt else {
            throw ReadingRejection(
                .beforeCommissioning,
                "period \(span) starts before device \(device.id) was commissioned "
                    + "(\(device.registration.commissioningDate))")
        }
    }

    /// The index of the identical period if attested; throws when the reading overlaps another one.
    private func locate(_ r: MeterReading, in meter: MeterState, at i: Int) throws(ReadingRejection) -> Int? {
        if i < meter.periods.count, meter.periods[i].start == r.periodStart, meter.periods[i].end == r.periodEnd {
            return i
        }
        let overlapsBefore = i > 0 && meter.periods[i - 1].end > r.periodStart
        let overlapsAfter = i < meter.periods.count && meter.periods[i].start < r.periodEnd
        if overlapsBefore || overlapsAfter {
            let other = overlapsBefore ? meter.periods[i - 1] : meter.periods[i]
            throw ReadingRejection(
                .periodOverlap,
                "period [\(r.periodStart), \(r.periodEnd)) of meter \(r.meter) overlaps the attested period "
                    + "[\(other.start), \(other.end))")
        }
        return nil
    }

    /// Energy ≤ capacity × duration × margin, and solar energy only while the sun is up (with tolerance).
    private func checkPlausible(_ r: MeterReading, device: Device) throws(ReadingRejection) {
        let policy = registry.policy
        let d = device.registration
        // capacity ≤ 10^10 W, duration ≤ 3600 s, margin ≤ 1000 %: the product fits in 64 bits.
        let limitWh =
            d.capacityW * UInt64(r.periodEnd - r.periodStart) * UInt64(policy.capacityMarginPercent) / 360_000
        guard r.energyWh <= limitWh else {
            throw ReadingRejection(
                .exceedsCapacity,
                "\(r.energyWh) Wh exceeds \(limitWh) Wh, the most a \(d.capacityW) W device can produce in "
                    + "\(r.periodEnd - r.periodStart) s with a \(policy.capacityMarginPercent) % margin")
        }
        if device.solar && r.energyWh > 0 {
            let highest = SolarPosition.maxElevationDegrees(
                latitudeE6: d.latitudeE6, longitudeE6: d.longitudeE6, start: r.periodStart, end: r.periodEnd)
            let floor = -Double(policy.sunToleranceCentidegrees) / 100
            guard highest >= floor else {
                throw ReadingRejection(
                    .sunDown,
                    "solar device \(d.id) reports \(r.energyWh) Wh while the sun stays below "
                        + "\(Int((highest * 10).rounded()) / 10)° (tolerance \(floor)°)")
            }
        }
    }

    /// The register only grows, and across adjacent periods it grows by the interval energy.
    private func checkRegister(
        _ r: MeterReading, meter: MeterState, at i: Int, existing: Int?
    ) throws(ReadingRejection) {
        guard let register = r.cumulativeWh else { return }
        // Nearest period before with a register value (a few steps back at most).
        var j = i - 1
        while j >= 0, i - j <= 8 {
            if let prev = Self.registerValue(meter.periods[j]) {
                guard prev <= register else {
                    throw ReadingRejection(
                        .registerBackwards, "register \(register) Wh is below \(prev) Wh at \(meter.periods[j].end)")
                }
                if meter.periods[j].end == r.periodStart, register - prev != Int64(r.energyWh) {
                    throw ReadingRejection(
                        .registerMismatch,
                        "register rose \(register - prev) Wh since the previous period, the reading says \(r.energyWh) Wh"
                    )
                }
                break
            }
            j -= 1
        }
        var k = (existing ?? (i - 1)) + 1
        while k < meter.periods.count, k - i <= 8 {
            let next = meter.periods[k]
            if let nextRegister = Self.registerValue(next) {
                guard nextRegister >= register else {
                    throw ReadingRejection(
                        .registerBackwards, "register \(register) Wh is above \(nextRegister) Wh at \(next.end)")
                }
                if next.start == r.periodEnd, let e = next.issuedOrFirstEnergy,
                    nextRegister - register != Int64(e)
                {
                    throw ReadingRejection(
                        .registerMismatch, "the next period's register and energy disagree with register \(register) Wh"
                    )
                }
                break
            }
            k += 1
        }
    }

    /// A period's register value: the issued one, else the first attested.
    static func registerValue(_ p: PeriodRecord) -> Int64? {
        if let i = p.issuance, let a = p.attestations.first(where: { $0.readingID == i.readingIDs.first }) {
            return a.cumulativeWh
        }
        return p.attestations.first { $0.cumulativeWh != nil }?.cumulativeWh
    }

    private mutating func issue(
        _ r: MeterReading, device: Device, readings: [[UInt8]], context: EntryContext, _ out: inout Outcome
    ) -> Issuance {
        let owner = device.registration.owner
        var reward = UInt256.zero
        if device.solar, r.energyWh > 0, let id = registry.rewardAsset, var asset = assets[id] {
            reward = UInt256(r.energyWh).multiplied(by: Self.rewardUnitsPerWh)!
            // Cannot overflow in practice: 2^53 Wh × 10^12 per reading, one reading per journal entry at most.
            asset.totalSupply = asset.totalSupply.adding(reward)!
            assets[id] = asset
            setBalance(id, owner, balance(id, owner).adding(reward)!, &out)
            out.changes.append(.supply(asset: id, total: asset.totalSupply))
            out.events.append(.transfer(asset: id, from: .zero, to: owner, value: reward))
        }
        let issuance = Issuance(
            device: device.id, meter: r.meter, periodStart: r.periodStart, periodEnd: r.periodEnd,
            energyWh: r.energyWh, reward: reward, owner: owner, entry: context.index, readingIDs: readings)
        out.changes.append(.issuance(issuance))
        issueCertificates(issuance, device: device, context: context, &out)
        return issuance
    }
}

extension PeriodRecord {
    var issuedOrFirstEnergy: UInt64? { issuance?.energyWh ?? attestations.first?.energyWh }
}
