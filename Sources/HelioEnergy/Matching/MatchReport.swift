/// The outcome of hourly (24/7) matching: one row per consumption hour and the totals over all of them.
///
/// Every Wh of supply handed to `HourlyMatch.match` ends up in exactly one of `supplyWh` (counted in a
/// consumption hour), `excludedWh` (another bidding zone) or `unmatchedSupplyWh` (no consumption hour), so
/// nothing is lost silently. Shares are integer basis points (1 bp = 0.01 %), rounded down, so "100.00 %" is
/// printed only when every Wh is matched.
public struct MatchReport: Hashable, Sendable {
    /// One consumption hour.
    public struct Hour: Hashable, Sendable {
        /// Start of the hour, unix seconds.
        public let hourStart: Int64
        /// Metered consumption, Wh.
        public let consumptionWh: UInt64
        /// Σ energy of the certificates produced in this hour that count (right bidding zone), Wh.
        public let supplyWh: UInt64
        /// Supply of this hour left out because it was produced in another grid area, Wh.
        public let excludedWh: UInt64
        /// min(consumption, supply), Wh.
        public let matchedWh: UInt64
        /// Supply beyond consumption, Wh. Hourly matching does not carry it to another hour.
        public let surplusWh: UInt64
        /// ⌊matched × 10000 / consumption⌋; nil when the hour has no consumption (nothing to match).
        public let shareBasisPoints: Int?

        /// Consumption > 0 and all of it matched. An hour without consumption is not counted as matched.
        public var isFullyMatched: Bool { consumptionWh > 0 && matchedWh == consumptionWh }
    }

    /// Only supply from this grid area counted; nil: every grid area counted.
    public let biddingZone: String?
    /// The consumption hours, in the order given.
    public let hours: [Hour]
    /// Σ consumption, Wh.
    public let consumptionWh: UInt64
    /// Σ counted supply over the consumption hours, Wh.
    public let supplyWh: UInt64
    /// Σ matched, Wh.
    public let matchedWh: UInt64
    /// Σ surplus, Wh.
    public let surplusWh: UInt64
    /// All supply from another grid area, Wh — inside the consumption hours or not.
    public let excludedWh: UInt64
    /// Supply of the right grid area produced outside the consumption hours (or not starting on an hour), Wh.
    public let unmatchedSupplyWh: UInt64
    /// ⌊Σ matched × 10000 / Σ consumption⌋; nil when the total consumption is 0.
    public let shareBasisPoints: Int?
    /// Hours with consumption > 0.
    public let hoursWithConsumption: Int
    /// Hours with consumption > 0 whose consumption is fully matched.
    public let hoursFullyMatched: Int
    /// True when a sum exceeded `UInt64.max` Wh and was held at `UInt64.max` instead of trapping; the totals
    /// concerned are then lower bounds. Impossible with inputs of realistic size.
    public let saturated: Bool

    /// ⌊part × 10000 / whole⌋ in basis points, nil when `whole` is 0. Computed at double width, so it is exact
    /// for any `UInt64`; `part` is capped at `whole`, so the result is at most 10000.
    public static func basisPoints(_ part: UInt64, of whole: UInt64) -> Int? {
        guard whole > 0 else { return nil }
        let product = min(part, whole).multipliedFullWidth(by: 10_000)
        return Int(whole.dividingFullWidth(product).quotient)
    }

    /// `basisPoints` as a percentage with two decimals, e.g. 8750 → `87.50`, 5 → `0.05`.
    public static func percentText(basisPoints: Int) -> String {
        let fraction = basisPoints % 100
        return "\(basisPoints / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
