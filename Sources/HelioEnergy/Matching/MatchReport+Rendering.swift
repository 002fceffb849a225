extension MatchReport {
    /// The header of `csv()`.
    public static let csvHeader = "hour_start,consumption_wh,supply_wh,matched_wh,share_percent"

    /// One row per hour (`hour_start,consumption_wh,supply_wh,matched_wh,share_percent`, share like `87.50`,
    /// empty for an hour without consumption), each ending in `\n`. No total row, so the file stays a plain
    /// hourly series that can be read back or joined with other hourly data; totals are in `table()` and
    /// `json()`.
    public func csv() -> String {
        var text = Self.csvHeader + "\n"
        for hour in hours {
            let share = hour.shareBasisPoints.map { Self.percentText(basisPoints: $0) } ?? ""
            text += "\(UTCTimestamp.format(hour.hourStart)),\(hour.consumptionWh),\(hour.supplyWh),"
            text += "\(hour.matchedWh),\(share)\n"
        }
        return text
    }

    /// Aligned text for a terminal: one row per hour, a total line, then a line for each thing the rows do
    /// not show (hours fully matched, excluded and unmatched supply, saturation). Numbers are right-aligned,
    /// shares printed as `87.50 %` (`-` for an hour without consumption).
    public func table() -> String {
        let headers = ["hour_start", "consumption_wh", "supply_wh", "matched_wh", "surplus_wh", "share"]
        var rows = hours.map { hour in
            [
                UTCTimestamp.format(hour.hourStart), "\(hour.consumptionWh)", "\(hour.supplyWh)",
                "\(hour.matchedWh)", "\(hour.surplusWh)", Self.shareCell(hour.shareBasisPoints),
            ]
        }
        rows.append([
            "total", "\(consumptionWh)", "\(supplyWh)", "\(matchedWh)", "\(surplusWh)",
            Self.shareCell(shareBasisPoints),
        ])
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        var lines = all.map { cells in
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        lines.append("hours fully matched: \(hoursFullyMatched) of \(hoursWithConsumption) with consumption")
        if let biddingZone {
            lines.append("supply from grid areas other than \(biddingZone), excluded: \(excludedWh) Wh")
        }
        if unmatchedSupplyWh > 0 {
            lines.append("supply outside the consumption hours, not matched: \(unmatchedSupplyWh) Wh")
        }
        if saturated {
            lines.append("warning: a sum exceeded \(UInt64.max) Wh; totals are lower bounds")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func shareCell(_ basisPoints: Int?) -> String {
        basisPoints.map { percentText(basisPoints: $0) + " %" } ?? "-"
    }
}
