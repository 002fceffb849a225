/// A beneficiary's metered consumption in one UTC hour, in whole Wh.
///
/// Energy is an integer so that sums and the matched share are exact and the same on every platform; a
/// `Double` would round totals of a year of hours differently depending on the order of addition.
public struct HourlyConsumption: Hashable, Sendable {
    /// Start of the hour [hourStart, hourStart + 3600), unix seconds; a multiple of 3600 when it comes from
    /// `ConsumptionCSV.parse`.
    public let hourStart: Int64
    /// Energy consumed in that hour, Wh (≤ 2^53 when it comes from `ConsumptionCSV.parse`).
    public let consumptionWh: UInt64

    public init(hourStart: Int64, consumptionWh: UInt64) {
        self.hourStart = hourStart
        self.consumptionWh = consumptionWh
    }
}
