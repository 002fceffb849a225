/// EnergyTag-style hourly matching (docs/certificates.md, "24/7 matching"): per hour, matched =
/// min(consumption, supply of certificates produced in that hour); overall share = Σ matched / Σ consumption.
///
/// Annual matching lets a sunny June cover a windless January night; hourly matching does not, which is the
/// point of 24/7 claims. So surplus in one hour is reported but never carried to another, and supply produced
/// in an hour without consumption rows is reported as `unmatchedSupplyWh` rather than dropped.
public enum HourlyMatch {
    /// Matches `supply` against `consumption` hour by hour.
    ///
    /// - Parameters:
    ///   - consumption: the hours to report on, normally from `ConsumptionCSV.parse` (ascending, no repeats).
    ///     If an hour is repeated anyway, only its first row receives that hour's supply, so supply is never
    ///     counted twice.
    ///   - supply: cancelled certificates, in any order; several entries for the same hour are added.
    ///   - biddingZone: when given, only supply whose `gridArea` equals it (exactly) counts; the rest is
    ///     reported as `excludedWh`, per hour and in total.
    public static func match(
        consumption: [HourlyConsumption], supply: [CancelledSupply], biddingZone: String? = nil
    ) -> MatchReport {
        var sum = Sum()
        var firstRowOfHour: [Int64: Int] = [:]
        for (index, row) in consumption.enumerated() where firstRowOfHour[row.hourStart] == nil {
            firstRowOfHour[row.hourStart] = index
        }
        var supplyByHour: [Int64: UInt64] = [:]
        var excludedByHour: [Int64: UInt64] = [:]
        var excludedWh: UInt64 = 0
        var unmatchedSupplyWh: UInt64 = 0
        for item in supply {
            let inHours = firstRowOfHour[item.hourStart] != nil
            if let biddingZone, item.gridArea != biddingZone {
                sum.add(item.energyWh, to: &excludedWh)
                if inHours { sum.add(item.energyWh, to: &excludedByHour[item.hourStart, default: 0]) }
            } else if inHours {
                sum.add(item.energyWh, to: &supplyByHour[item.hourStart, default: 0])
            } else {
                sum.add(item.energyWh, to: &unmatchedSupplyWh)
            }
        }

        var hours: [MatchReport.Hour] = []
        hours.reserveCapacity(consumption.count)
        var totals = (consumption: UInt64(0), supply: UInt64(0), matched: UInt64(0), surplus: UInt64(0))
        var withConsumption = 0
        var fullyMatched = 0
        for (index, row) in consumption.enumerated() {
            let isFirst = firstRowOfHour[row.hourStart] == index
            let supplied = isFirst ? supplyByHour[row.hourStart] ?? 0 : 0
            let matched = min(row.consumptionWh, supplied)
            let hour = MatchReport.Hour(
                hourStart: row.hourStart, consumptionWh: row.consumptionWh, supplyWh: supplied,
                excludedWh: isFirst ? excludedByHour[row.hourStart] ?? 0 : 0, matchedWh: matched,
                surplusWh: supplied - matched,
                shareBasisPoints: MatchReport.basisPoints(matched, of: row.consumptionWh))
            hours.append(hour)
            sum.add(hour.consumptionWh, to: &totals.consumption)
            sum.add(hour.supplyWh, to: &totals.supply)
            sum.add(hour.matchedWh, to: &totals.matched)
            sum.add(hour.surplusWh, to: &totals.surplus)
            if hour.consumptionWh > 0 { withConsumption += 1 }
            if hour.isFullyMatched { fullyMatched += 1 }
        }
        return MatchReport(
            biddingZone: biddingZone, hours: hours, consumptionWh: totals.consumption, supplyWh: totals.supply,
            matchedWh: totals.matched, surplusWh: totals.surplus, excludedWh: excludedWh,
            unmatchedSupplyWh: unmatchedSupplyWh,
            shareBasisPoints: MatchReport.basisPoints(totals.matched, of: totals.consumption),
            hoursWithConsumption: withConsumption, hoursFullyMatched: fullyMatched, saturated: sum.saturated)
    }

    /// Saturating addition that remembers whether it ever saturated: `match` has no way to fail, and a trap
    /// on hostile input (two `UInt64.max` supplies) would be worse than a flagged lower bound.
    struct Sum {
        var saturated = false

        mutating func add(_ value: UInt64, to total: inout UInt64) {
            let (result, overflow) = total.addingReportingOverflow(value)
            if overflow { saturated = true }
            total = overflow ? .max : result
        }
    }
}
