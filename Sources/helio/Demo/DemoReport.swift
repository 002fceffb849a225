import Foundation
import HelioEnergy
import HelioLedger

/// `<out>/report.html`: one self-contained page (inline CSS and SVG, no script, no external reference)
/// with the run's charts and tables, readable on a phone.
enum DemoReport {
    static let pvColor = "#f2b701"
    static let windColor = "#3b7dd8"
    static let dayColors = ["#f2b701", "#e08a00", "#c9a227", "#f5cd5b", "#d9901a", "#b8860b", "#ffd966"]

    static func html(_ s: DemoSummary) -> String {
        var body = ""
        body += "<h1>Helio demo: \(esc(Neighbourhood.town))</h1>\n"
        body +=
            "<p class=\"lead\">\(s.devices.count - 1) rooftop PV plants and a community wind turbine in bidding zone "
            + "\(Neighbourhood.gridArea), \(esc(s.firstDay)) to \(esc(s.endDate)) (UTC), 15-minute readings signed by two "
            + "oracles per meter (the meter and the grid operator's data hub, quorum 2), seed \(s.seed).</p>\n"
        body += cards(s)
        body += section(
            "Production per hour", productionChart(s), "Energy issued per clock hour (kWh), stacked: solar and wind.")
        body += section("Daily energy per PV roof", pvRows(s), "kWh per simulated day, one segment per day.")
        body += section("Daily energy of the wind turbine", windChart(s), "kWh per day.")
        body += section("Readings", readingsChart(s), faultsTable(s))
        body += section(
            "Certificates per scheme", certificatesChart(s), "Issued MWh: cancelled by the consumers, and still held.")
        body += section("The office, hour by hour", officeChart(s), matchText(s))
        body += section("Devices", devicesTable(s), "")
        body += section("Consumers", consumersTable(s), "")
        body +=
            "<footer><p>Keys are derived from the seed: TEST ONLY, never hold value with them. The checkpoint keystore "
        body +=
            "password is <code>\(DemoRegistry.password)</code>. Serve the registry with <code>helio serve --data-dir "
        body += "\(esc(s.files.first { $0.0 == "dataDir" }?.1 ?? ""))</code>; verify the statement offline with "
        body += "<code>helio verify</code>.</p></footer>\n"
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Helio demo report</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#fafafa;margin:0}
            main{max-width:860px;margin:0 auto;padding:12px 16px 40px}
            h1{font-size:1.5em;margin:.6em 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .4em}
            .lead{color:#555}.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
            .card{flex:1 1 150px;background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:8px 10px}
            .card b{display:block;font-size:1.25em}.card span{color:#666;font-size:.85em}
            section{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:8px 12px;margin:12px 0}
            table{border-collapse:collapse;width:100%;font-size:.85em;display:block;overflow-x:auto}
            td,th{padding:3px 6px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
            td:first-child,th:first-child{text-align:left}code{font-size:.9em}footer{color:#666;font-size:.85em}
            </style>
            </head>
            <body><main>
            \(body)</main></body>
            </html>

            """
    }

    static func cards(_ s: DemoSummary) -> String {
        let share =
            s.statements.match?.shareBasisPoints.map { MatchReport.percentText(basisPoints: $0) + " %" } ?? "n/a"
        let items: [(String, String)] = [
            ("\(s.tally.accepted) / \(s.tally.posted)", "readings accepted"),
            ("\(s.tally.rejected + s.tally.alreadyRecorded)", "not counted (faults)"),
            ("\(Int(s.tally.perSecond))/s", "readings over HTTP"),
            (TokenAmount.format(s.sunMinted.description), "SUN minted"),
            (DemoSummary.mwh(s.attestedWh), "MWh attested"),
            (DemoSummary.mwh(s.goWh), "MWh of GOs"), (DemoSummary.mwh(s.gcWh), "MWh of GCs"),
            (DemoSummary.mwh(s.cancelledWh("GO") + s.cancelledWh("GC")), "MWh cancelled"),
            (share, "office hourly match"), (s.statements.statementVerified ? "verified" : "NOT verified", "statement"),
        ]
        return "<div class=\"cards\">"
            + items.map { "<div class=\"card\"><b>\(esc($0.0))</b><span>\(esc($0.1))</span></div>" }.joined()
            + "</div>\n"
    }

    static func section(_ title: String, _ content: String, _ note: String) -> String {
        "<section><h2>\(esc(title))</h2>\n\(content)\(note.hasPrefix("<") ? note : note.isEmpty ? "" : "<p>\(esc(note))</p>")</section>\n"
    }

    static func hourLabels(_ s: DemoSummary) -> ([String], Int) {
        let short = s.days <= 2
        let labels = s.hours.map { h in
            let iso = UnixTime.iso(h)  // 2026-11-20T10:00:00Z
            return short ? String(iso.dropFirst(11).prefix(5)) : String(iso.dropFirst(5).prefix(5))
        }
        return (labels, short ? 3 : 24)
    }

    static func productionChart(_ s: DemoSummary) -> String {
        let (labels, every) = hourLabels(s)
        func kwh(_ kind: DemoDevice.Kind) -> [Double] {
            (0..<labels.count).map { i in
                Double(s.devices.filter { $0.device.kind == kind }.reduce(0) { $0 + $1.hourlyWh[i] }) / 1000
            }
        }
        return SVGChart.stackedColumns(
            title: "Production per hour", unit: "kWh", labels: labels, labelEvery: every,
            series: [
                .init(name: "wind", color: windColor, values: kwh(.wind)),
                .init(name: "solar", color: pvColor, values: kwh(.pv)),
            ])
    }

    static func pvRows(_ s: DemoSummary) -> String {
        let rows = s.devices.filter { $0.device.kind == .pv }.map { f in
            SVGChart.Row(
                label: "\(f.device.id) \(DemoSummary.kW(f.device.capacityW)) kW",
                values: f.dailyWh.map { Double($0) / 1000 }, note: "\(f.issuedWh / 1000) kWh")
        }
        let days = (0..<s.days).map { (name: "day \($0 + 1)", color: dayColors[$0 % dayColors.count]) }
        return SVGChart.stackedRows(title: "Daily energy per PV roof", unit: "kWh", rows: rows, segments: days)
    }

    static func windChart(_ s: DemoSummary) -> String {
        guard let wind = s.devices.first(where: { $0.device.kind == .wind }) else { return "" }
        let labels = (0..<s.days).map { d in String(UnixTime.iso(s.hours.first! + Int64(d) * 86_400).prefix(10)) }
        return SVGChart.stackedColumns(
            title: "Wind turbine daily energy", unit: "kWh", labels: labels, labelEvery: s.days > 10 ? 2 : 1,
            series: [.init(name: wind.device.id, color: windColor, values: wind.dailyWh.map { Double($0) / 1000 })],
            height: 200)
    }

    static func readingsChart(_ s: DemoSummary) -> String {
        var rows = [SVGChart.Row(label: "accepted", values: [Double(s.tally.accepted)], note: "\(s.tally.accepted)")]
        rows.append(
            .init(
                label: "already recorded", values: [Double(s.tally.alreadyRecorded)], note: "\(s.tally.alreadyRecorded)"
            ))
        for (reason, n) in s.tally.rejectedByReason.sorted(by: { $0.key < $1.key }) {
            rows.append(.init(label: "rejected: \(reason)", values: [Double(n)], note: "\(n)"))
        }
        rows.append(.init(label: "disputed periods", values: [Double(s.disputes.count)], note: "\(s.disputes.count)"))
        return SVGChart.stackedRows(title: "Readings by outcome", unit: "readings", rows: rows, segments: [])
    }

    static func faultsTable(_ s: DemoSummary) -> String {
        var out = "<table><tr><th>fault planted on purpose</th><th>meter</th><th>period</th><th>registry said</th></tr>"
        for f in s.tally.faults {
            out +=
                "<tr><td>\(esc(f.fault.title))</td><td>\(esc(f.meter))</td><td>\(esc(UnixTime.iso(f.periodStart)))</td>"
            out += "<td>\(esc(f.outcome))\(f.reason.map { " (" + esc($0) + ")" } ?? "")</td></tr>"
        }
        return out + "</table>\n"
    }

    static func certificatesChart(_ s: DemoSummary) -> String {
        let rows = ["GO", "GC"].map { scheme -> SVGChart.Row in
            let issued = scheme == "GO" ? s.goWh : s.gcWh
            let cancelled = s.cancelledWh(scheme)
            return .init(
                label: scheme, values: [Double(cancelled) / 1e6, Double(issued - min(issued, cancelled)) / 1e6],
                note: "\(DemoSummary.mwh(issued)) MWh issued")
        }
        let attested = SVGChart.Row(
            label: "attested", values: [0, Double(s.attestedWh) / 1e6], note: "\(DemoSummary.mwh(s.attestedWh)) MWh")
        return SVGChart.stackedRows(
            title: "Certificates per scheme", unit: "MWh", rows: rows + [attested],
            segments: [("cancelled", "#59a14f"), ("held", "#bab0ac")])
    }

    static func officeChart(_ s: DemoSummary) -> String {
        let (labels, every) = hourLabels(s)
        let hours = s.statements.match?.hours ?? []
        let matched = labels.indices.map { i in i < hours.count ? Double(hours[i].matchedWh) / 1000 : 0 }
        let rest = labels.indices.map { i in
            Double(s.officeConsumption[i]) / 1000 - (i < hours.count ? Double(hours[i].matchedWh) / 1000 : 0)
        }
        return SVGChart.stackedColumns(
            title: "Office consumption and matched GCs", unit: "kWh", labels: labels, labelEvery: every,
            series: [
                .init(name: "matched by GCs of the same hour", color: "#59a14f", values: matched),
                .init(name: "not matched", color: "#bab0ac", values: rest),
            ])
    }

    static func matchText(_ s: DemoSummary) -> String {
        guard let m = s.statements.match else { return "<p>No matching: the aggregate statement did not verify.</p>" }
        let share = m.shareBasisPoints.map { MatchReport.percentText(basisPoints: $0) } ?? "n/a"
        return
            "<p>The office buys GCs for its opening hours (weekdays 08–18, Danish time), then cancels them for itself. "
            + "Hourly matching (EnergyTag): \(share) % of \(DemoSummary.mwh(m.consumptionWh)) MWh, "
            + "\(m.hoursFullyMatched) of \(m.hoursWithConsumption) hours fully matched. Nights and weekends stay unmatched.</p>"
    }

    static func devicesTable(_ s: DemoSummary) -> String {
        var out = "<table><tr><th>device</th><th>kind</th><th>kW</th><th>issued kWh</th><th>SUN</th><th>GO kWh</th>"
        out += "<th>GC kWh</th><th>GC pending kWh</th></tr>"
        for f in s.devices {
            out +=
                "<tr><td>\(esc(f.device.id)) <small>\(esc(f.device.name))</small></td><td>\(f.device.kind.rawValue)</td>"
            out += "<td>\(DemoSummary.kW(f.device.capacityW))</td><td>\(f.issuedWh / 1000)</td>"
            out += "<td>\(TokenAmount.format(f.rewardBaseUnits.description))</td><td>\(f.goWh / 1000)</td>"
            out += "<td>\(f.gcWh / 1000)</td><td>\(f.gcPendingWh / 1000)</td></tr>"
        }
        return out + "</table>\n"
    }

    static func consumersTable(_ s: DemoSummary) -> String {
        var out = "<table><tr><th>beneficiary</th><th>scheme</th><th>consumed kWh</th><th>bought kWh</th>"
        out += "<th>paid SUN</th><th>cancelled kWh</th><th>cancellations</th></tr>"
        for c in s.consumers {
            out += "<tr><td>\(esc(c.consumer.beneficiaryName))</td><td>\(c.consumer.scheme.rawValue)</td>"
            out += "<td>\(c.consumptionWh / 1000)</td><td>\(c.boughtWh / 1000)</td>"
            out += "<td>\(TokenAmount.format(c.paidBaseUnits.description))</td><td>\(c.cancelledWh / 1000)</td>"
            out += "<td>\(c.cancellations)</td></tr>"
        }
        return out + "</table>\n"
    }

    static func esc(_ s: String) -> String { SVGChart.escape(s) }
}
