import HelioCrypto

/// The issuing body's commands. Like every command: all checks first, then the writes.
extension LedgerState {
    private func requireIssuingBody(_ author: Address) throws(LedgerError) {
        guard registry.issuingBodies.contains(author) else {
            throw LedgerError(.notIssuingBody, "\(author) is not an issuing body of this registry")
        }
    }

    mutating func configureRegistry(
        _ c: Command.ConfigureRegistry, by author: Address, _ out: inout Outcome
    ) throws(LedgerError) {
        if let authority = registry.authority, authority != author {
            throw LedgerError(.notAuthority, "only the registry authority \(authority) may configure the registry")
        }
        let reward = try asset(c.rewardAsset)
        guard reward.minters.contains(author) else {
            throw LedgerError(.notMinter, "the reward asset \(reward.symbol) must list \(author) as a minter")
        }
        guard c.issuingBodies.count <= 16, Set(c.issuingBodies).count == c.issuingBodies.count,
            !c.issuingBodies.contains(.zero)
        else { throw LedgerError(.invalidRegistration, "issuing bodies: at most 16 distinct non-zero addresses") }
        let p = c.policy
        guard p.maxAgeSeconds > 0, (0...3600).contains(p.futureSkewSeconds),
            (100...1000).contains(p.capacityMarginPercent), p.sunToleranceCentidegrees <= 1800
        else {
            throw LedgerError(
                .invalidRegistration,
                "policy out of range: maxAgeSeconds > 0, futureSkewSeconds 0…3600, capacityMarginPercent 100…1000, "
                    + "sunToleranceCentidegrees 0…1800")
        }
        registry.authority = author
        registry.issuingBodies = c.issuingBodies
        registry.rewardAsset = c.rewardAsset
        registry.policy = p
        out.changes.append(
            .registry(authority: author, issuingBodies: c.issuingBodies, rewardAsset: c.rewardAsset, policy: p))
    }

    mutating func registerDevice(
        _ d: DeviceRegistration, by author: Address, context: EntryContext, _ out: inout Outcome
    ) throws(LedgerError) {
        try requireIssuingBody(author)
        try d.validate()
        guard registry.devices[d.id] == nil else { throw LedgerError(.deviceExists, "device \(d.id) exists") }
        for m in d.meters where registry.meters[m.id] != nil {
            throw LedgerError(.meterExists, "meter \(m.id) is already registered")
        }
        let device = Device(registration: d, active: true, statusReason: "", registeredAt: context.index)
        registry.devices[d.id] = device
        for m in d.meters {
            registry.meters[m.id] = MeterState(id: m.id, device: d.id, intervalSeconds: m.intervalSeconds)
        }
        out.changes.append(.device(device))
    }

    mutating func registerOracle(
        _ c: Command.RegisterOracle, by author: Address, context: EntryContext, _ out: inout Outcome
    ) throws(LedgerError) {
        try requireIssuingBody(author)
        guard c.oracle != .zero else { throw LedgerError(.invalidRegistration, "an oracle cannot be the zero address") }
        guard !c.name.isEmpty, c.name.utf8.count <= 200 else {
            throw LedgerError(.invalidRegistration, "oracle name must be 1–200 bytes")
        }
        guard registry.oracles[c.oracle] == nil else {
            throw LedgerError(.oracleExists, "oracle \(c.oracle) is already registered")
        }
        let oracle = Oracle(
            address: c.oracle, name: c.name, active: true, statusReason: "", registeredAt: context.index)
        registry.oracles[c.oracle] = oracle
        out.changes.append(.oracle(oracle))
    }

    /// An assignment never rewrites history: it starts after the latest assignment and after every
    /// period already attested for the meter.
    mutating func assignOracles(
        _ c: Command.AssignOracles, by author: Address, context: EntryContext, _ out: inout Outcome
    ) throws(LedgerError) {
        try requireIssuingBody(author)
        guard var meter = registry.meters[c.meter] else {
            throw LedgerError(.unknownMeter, "meter \(c.meter) is not registered")
        }
        func bad(_ m: String) -> LedgerError { LedgerError(.invalidAssignment, m) }
        guard !c.oracles.isEmpty, c.oracles.count <= 16, Set(c.oracles).count == c.oracles.count else {
            throw bad("an assignment names 1–16 distinct oracles")
        }
        for o in c.oracles where registry.oracles[o] == nil {
            throw LedgerError(.unknownOracle, "oracle \(o) is not registered")
        }
        guard c.quorum >= 1, Int(c.quorum) <= c.oracles.count else {
            throw bad("quorum must be 1…\(c.oracles.count), got \(c.quorum)")
        }
        guard c.validFrom >= 0 else { throw bad("validFrom must not be negative") }
        if let last = meter.assignments.last, c.validFrom <= last.validFrom {
            throw bad("validFrom must be after the current assignment's (\(last.validFrom))")
        }
        guard c.validFrom >= meter.attestedUntil else {
            throw bad("periods up to \(meter.attestedUntil) are already attested; validFrom cannot precede that")
        }
        let a = Assignment(validFrom: c.validFrom, oracles: c.oracles, quorum: c.quorum, entry: context.index)
        meter.assignments.append(a)
        registry.meters[c.meter] = meter
        out.changes.append(.assignment(meter: c.meter, a))
    }

    mutating func setDeviceStatus(
        _ c: Command.SetDeviceStatus, by author: Address, _ out: inout Outcome
    ) throws(LedgerError) {
        try requireIssuingBody(author)
        guard var d = registry.devices[c.device] else {
            throw LedgerError(.unknownDevice, "device \(c.device) is not registered")
        }
        guard c.reason.utf8.count <= 200 else { throw LedgerError(.invalidRegistration, "reason exceeds 200 bytes") }
        d.active = c.active
        d.statusReason = c.reason
        registry.devices[c.device] = d
        out.changes.append(.device(d))
    }

    mutating func setOracleStatus(
        _ c: Command.SetOracleStatus, by author: Address, _ out: inout Outcome
    ) throws(LedgerError) {
        try requireIssuingBody(author)
        guard var o = registry.oracles[c.oracle] else {
            throw LedgerError(.unknownOracle, "oracle \(c.oracle) is not registered")
        }
        guard c.reason.utf8.count <= 200 else { throw LedgerError(.invalidRegistration, "reason exceeds 200 bytes") }
        o.active = c.active
        o.statusReason = c.reason
        registry.oracles[c.oracle] = o
        out.changes.append(.oracle(o))
    }
}
