import HelioCrypto
import HelioEnergy

/// Certificates from verified energy: called for every issuance (a period that reached its quorum), in
/// the entry of the reading that completed it. See docs/certificates.md, "Issuance".
extension LedgerState {
    mutating func issueCertificates(_ i: Issuance, device: Device, context: EntryContext, _ out: inout Outcome) {
        guard let policy = certificates.policies[device.id], !policy.schemes.isEmpty else { return }
        let ids = i.readingIDs.map { try! Hash32($0) }  // reading ids are EIP-712 digests: 32 bytes
        if policy.schemes.contains(.go), i.energyWh > 0 {
            carryGO(i, ids: ids, device: device, policy: policy, context: context, &out)
        }
        if policy.schemes.contains(.gc) {
            accumulateGC(i, ids: ids, device: device, policy: policy, context: context, &out)
        }
    }

    /// Adds the period's energy to the device's carry and issues every whole MWh in it. Whatever is left
    /// came from this period (the carry held less than 1 MWh before), so the new carry starts here.
    private mutating func carryGO(
        _ i: Issuance, ids: [Hash32], device: Device, policy: IssuancePolicy, context: EntryContext,
        _ out: inout Outcome
    ) {
        var carry = certificates.carries[device.id] ?? GOCarry()
        carry.energyWh += i.energyWh  // < 1 MWh + 2^53: no overflow
        carry.start = min(carry.start, i.periodStart)
        carry.end = max(carry.end, i.periodEnd)
        carry.readingIDs += ids
        let whole = carry.energyWh / CertificateScheme.whPerGO * CertificateScheme.whPerGO
        if whole > 0 {
            issueLot(
                .go, device: device, policy: policy, start: carry.start, end: carry.end, volumeWh: whole,
                readingIDs: carry.readingIDs, context: context, &out)
            let rest = carry.energyWh - whole
            var next = GOCarry()
            next.generation = carry.generation + 1
            if rest > 0 {
                (next.energyWh, next.start, next.end, next.readingIDs) = (rest, i.periodStart, i.periodEnd, ids)
            }
            carry = next
        }
        certificates.carries[device.id] = carry
        out.changes.append(.goCarry(device: device.id, carry))
    }

    /// Adds the period to its clock hour(s) and issues each hour every meter of the device has covered.
    /// A period across an hour boundary (a 15-minute meter's [10:45, 11:45)) is shared pro rata by
    /// seconds, rounded down, the last hour taking the rest: no Wh is lost or counted twice.
    private mutating func accumulateGC(
        _ i: Issuance, ids: [Hash32], device: Device, policy: IssuancePolicy, context: EntryContext,
        _ out: inout Outcome
    ) {
        let length = UInt64(i.periodEnd - i.periodStart)
        var assigned: UInt64 = 0
        var hourStart = i.periodStart - i.periodStart % 3600
        while hourStart < i.periodEnd {
            let from = max(hourStart, i.periodStart)
            let to = min(hourStart + 3600, i.periodEnd)
            let seconds = UInt64(to - from)
            var share: UInt64
            if to == i.periodEnd {
                share = i.energyWh - assigned
            } else {
                let product = i.energyWh.multipliedFullWidth(by: seconds)
                share = length.dividingFullWidth((product.high, product.low)).quotient
            }
            assigned += share
            var hour = certificates.pendingHours[device.id]?[hourStart] ?? GCHour(start: hourStart)
            hour.energyWh += share
            hour.covered[i.meter, default: 0] += UInt32(seconds)
            hour.readingIDs += ids
            let complete = device.registration.meters.allSatisfy { hour.covered[$0.id] == 3600 }
            if complete {
                if hour.energyWh > 0 {
                    issueLot(
                        .gc, device: device, policy: policy, start: hourStart, end: hourStart + 3600,
                        volumeWh: hour.energyWh, readingIDs: hour.readingIDs, context: context, &out)
                }
                certificates.pendingHours[device.id]?[hourStart] = nil
                if certificates.pendingHours[device.id]?.isEmpty == true {
                    certificates.pendingHours[device.id] = nil
                }
            } else {
                certificates.pendingHours[device.id, default: [:]][hourStart] = hour
            }
            out.changes.append(.gcHour(device: device.id, hour, closed: complete))
            hourStart += 3600
        }
    }

    private mutating func issueLot(
        _ scheme: CertificateScheme, device: Device, policy: IssuancePolicy, start: Int64, end: Int64,
        volumeWh: UInt64, readingIDs: [Hash32], context: EntryContext, _ out: inout Outcome
    ) {
        let config = certificates.config
        let id = "\(scheme.rawValue)-\(certificates.lotCount + 1)"
        let expiresAt =
            scheme == .go
            ? CivilCalendar.adding(months: Int64(config.goExpiryMonths), to: end)
            : end + Int64(config.gcExpiryDays) * 86_400
        let lot = CertificateLot(
            id: id, scheme: scheme, device: LotDevice(device.registration), energyCarrier: "electricity",
            productionStart: start, productionEnd: end, volumeWh: volumeWh, issuedAt: context.time,
            issuanceEntry: context.index, expiresAt: expiresAt, issuingBody: policy.issuingBody, issuer: config.issuer,
            readingIDs: readingIDs, status: .active, statusReason: "", statusEntry: nil, cancelledWh: 0, nextPart: 1)
        let part = CertificatePart(
            id: lot.rootPart, lot: id, parent: nil, owner: device.registration.owner, createdWh: volumeWh,
            volumeWh: volumeWh, cancelled: false, entry: context.index)
        certificates.lots[id] = lot
        certificates.parts[part.id] = part
        certificates.enqueueExpiry(lot)
        out.changes.append(.lot(lot))
        out.changes.append(.part(part))
    }
}
