/// The JSON form of a `MatchReport` (camelCase keys, an `overall` object), as a `Codable` struct so any
/// encoder can write it and HelioEnergy need not depend on Foundation.
///
/// Times are ISO 8601 UTC text rather than unix seconds, so the document reads like the CSV it came from.
/// Shares appear twice: exact integer basis points for programs and `sharePercent` text (`87.50`) for people;
/// both keys are absent when there is no consumption to share. Wh values from `ConsumptionCSV` are ≤ 2^53,
/// so JavaScript readers keep them exact.
public struct MatchReportJSON: Codable, Hashable, Sendable {
    /// One consumption hour.
    public struct Hour: Codable, Hashable, Sendable {
        public let hourStart: String
        public let consumptionWh: UInt64
        public let supplyWh: UInt64
        public let excludedWh: UInt64
        public let matchedWh: UInt64
        public let surplusWh: UInt64
        public let shareBasisPoints: Int?
        public let sharePercent: String?
    }

    /// The totals over all hours.
    public struct Overall: Codable, Hashable, Sendable {
        public let hours: Int
        public let hoursWithConsumption: Int
        public let hoursFullyMatched: Int
        public let consumptionWh: UInt64
        public let supplyWh: UInt64
        public let matchedWh: UInt64
        public let surplusWh: UInt64
        public let excludedWh: UInt64
        public let unmatchedSupplyWh: UInt64
        public let shareBasisPoints: Int?
        public let sharePercent: String?
        public let saturated: Bool
    }

    public let biddingZone: String?
    public let hours: [Hour]
    public let overall: Overall
}

extension MatchReport {
    /// The report as a `Codable` document; encode it with e.g. `JSONEncoder`.
    public func json() -> MatchReportJSON {
        let percent = { (basisPoints: Int?) in basisPoints.map { Self.percentText(basisPoints: $0) } }
        return MatchReportJSON(
            biddingZone: biddingZone,
            hours: hours.map { hour in
                MatchReportJSON.Hour(
                    hourStart: UTCTimestamp.format(hour.hourStart), consumptionWh: hour.consumptionWh,
                    supplyWh: hour.supplyWh, excludedWh: hour.excludedWh, matchedWh: hour.matchedWh,
                    surplusWh: hour.surplusWh, shareBasisPoints: hour.shareBasisPoints,
                    sharePercent: percent(hour.shareBasisPoints))
            },
            overall: MatchReportJSON.Overall(
                hours: hours.count, hoursWithConsumption: hoursWithConsumption, hoursFullyMatched: hoursFullyMatched,
                consumptionWh: consumptionWh, supplyWh: supplyWh, matchedWh: matchedWh, surplusWh: surplusWh,
                excludedWh: excludedWh, unmatchedSupplyWh: unmatchedSupplyWh, shareBasisPoints: shareBasisPoints,
                sharePercent: percent(shareBasisPoints), saturated: saturated))
    }
}
