import Foundation
import HelioEnergy
import HelioLedger

extension DemoSummary {
    /// The summary for people, on stdout.
    var text: String {
        var lines: [String] = []
        func add(_ s: String = "") { lines.append(s) }
        let pv = devices.filter { $0.device.kind == .pv }
        let wind = devices.first { $0.device.kind == .wind }
        add("Helio demo — \(Neighbourhood.town) (\(Neighbourhood.gridArea)), \(firstDay) … \(endDate), seed \(seed)")
        add(
            "  \(pv.count) rooftop PV plants (\(Self.kW(pv.reduce(0) { $0 + $1.device.capacityW })) kW) and a "
                + "\(Self.kW(wind?.device.capacityW ?? 0)) kW community wind turbine; skies: "
                + skies.map(\.rawValue).joined(separator: ", "))
        add()
        add("Readings (15-minute, two oracles per meter, quorum 2), through POST /v1/readings with real signatures")
        add(
            "  posted \(tally.posted), accepted \(tally.accepted), already recorded \(tally.alreadyRecorded), rejected \(tally.rejected)"
        )
        for (reason, n) in tally.rejectedByReason.sorted(by: { $0.key < $1.key }) {
            add("    rejected \(reason): \(n)")
        }
        add("  \(Int(tally.perSecond)) readings/s end to end over HTTP (\(String(format: "%.1f", tally.seconds)) s)")
        add("  faults planted on purpose:")
        for f in tally.faults {
            add("    \(f.fault.title): \(f.outcome)\(f.reason.map { " (\($0))" } ?? "")")
        }
        for d in disputes {
            add(
                "    disputed period: \(d.device) \(UnixTime.iso(d.period.periodStart)) — not issued (GET /v1/disputes)"
            )
        }
        add()
        add("Energy issued (periods that reached quorum)")
        add("  attested \(Self.mwh(attestedWh)) MWh: solar \(Self.mwh(solarWh)) MWh, wind \(Self.mwh(windWh)) MWh")
        add("  SUN minted \(TokenAmount.format(sunMinted.description)) SUN (1 SUN per MWh of solar, exact to the Wh)")
        add(
            "  GO certified \(Self.mwh(goWh)) MWh in \(devices.reduce(0) { $0 + $1.goLots }) lots "
                + "(carried to the next GO: \(Self.mwh(goCarryWh)) MWh)")
        add(
            "  GC certified \(Self.mwh(gcWh)) MWh in \(devices.reduce(0) { $0 + $1.gcLots }) lots "
                + "(hours still pending: \(Self.mwh(gcPendingWh)) MWh)")
        add("  cancelled: GO \(Self.mwh(cancelledWh("GO"))) MWh, GC \(Self.mwh(cancelledWh("GC"))) MWh")
        add()
        add(
            "Consumers (paid in SUN at \(TokenAmount.format(String(DemoMarket.priceBaseUnitsPerWh * 1_000_000))) SUN "
                + "per MWh through eth_sendRawTransaction; \(market.transactions) transactions)")
        for c in consumers {
            add(
                "  \(c.consumer.beneficiaryName) (\(c.consumer.scheme.rawValue)): consumed \(Self.mwh(c.consumptionWh)) MWh, "
                    + "bought \(Self.mwh(c.boughtWh)) MWh for \(TokenAmount.format(c.paidBaseUnits.description)) SUN, "
                    + "cancelled \(Self.mwh(c.cancelledWh)) MWh in \(c.cancellations) cancellations")
        }
        if market.unaffordable > 0 { add("  (\(market.unaffordable) purchases left out: not enough SUN)") }
        if let m = statements.match {
            let share = m.shareBasisPoints.map { MatchReport.percentText(basisPoints: $0) + " %" } ?? "n/a"
            add(
                "  office hourly (24/7) matching: \(share) of \(Self.mwh(m.consumptionWh)) MWh matched "
                    + "(\(m.hoursFullyMatched) of \(m.hoursWithConsumption) hours fully)")
        }
        add()
        let verified = statements.statementVerified ? "yes" : "NO: \(statements.statementFailure ?? "-")"
        add("Statement \(statements.statementID ?? "-") verified offline against the registry address: \(verified)")
        let aggregate = statements.aggregateVerified ? "yes" : "NO: \(statements.aggregateFailure ?? "-")"
        add(
            "Aggregate statement of the office (\(statements.aggregateStatements) cancellations) verified: \(aggregate)"
        )
        let failed = checks.filter { !$0.1 }.map(\.0)
        add(
            "Checks (SUN = rewards = solar Wh × 10^12, every Wh in each scheme): \(failed.isEmpty ? "all hold" : "FAILED \(failed)")"
        )
        add()
        for (name, path) in files { add("  \(name): \(path)") }
        add("  keystore password: \(DemoRegistry.password) (TEST ONLY — every demo key is derived from the seed)")
        add()
        let dataDir = files.first { $0.0 == "dataDir" }?.1 ?? "demo-output/registry"
        add("Look further:")
        add(
            "  HELIO_PASSWORD=\(DemoRegistry.password) helio serve --data-dir \(dataDir)   # then http://127.0.0.1:7317/"
        )
        add("  helio replay --data-dir \(dataDir) && helio log verify --data-dir \(dataDir)")
        if let id = statements.statementID, let address = registry?.checkpointAddress,
            let file = files.first(where: { $0.0 == "statement" })?.1
        {
            add("  helio verify \(file) --registry-address \(address)   # statement \(id)")
        }
        if let url { add("  explorer: \(url)") }
        add("  wall time \(String(format: "%.1f", wallSeconds)) s")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Wh as MWh with three decimals (integer arithmetic).
    static func mwh(_ wh: UInt64) -> String {
        let kwh = wh / 1000
        return "\(kwh / 1000)." + String(format: "%03d", Int(kwh % 1000))
    }

    static func kW(_ w: UInt64) -> String {
        w % 1000 == 0 ? "\(w / 1000)" : "\(w / 1000).\(w % 1000 / 100)"
    }
}
