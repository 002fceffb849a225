/// Energy of granular certificates (GCs) produced in one hour and cancelled for the beneficiary: the supply
/// side of 24/7 matching.
///
/// Only the production hour matters for hourly matching, not when the certificate was cancelled: EnergyTag
/// matches consumption with generation of the same hour. The lot and grid area travel along so a report can
/// be traced back to the certificates and so supply from another bidding zone can be left out, since
/// electricity produced there could not necessarily have reached the consumer.
public struct CancelledSupply: Hashable, Sendable {
    /// The certificate lot (or GC id) the energy comes from, for tracing; matching does not look at it.
    public let lot: String
    /// Start of the production hour [hourStart, hourStart + 3600), unix seconds. Expected to be a multiple of
    /// 3600; any other value cannot be placed in a consumption hour and is reported as unmatched supply.
    public let hourStart: Int64
    /// Energy of the cancelled certificates produced in that hour, Wh.
    public let energyWh: UInt64
    /// Grid area (bidding zone) of the producing device, e.g. `DK1`.
    public let gridArea: String

    public init(lot: String, hourStart: Int64, energyWh: UInt64, gridArea: String) {
        self.lot = lot
        self.hourStart = hourStart
        self.energyWh = energyWh
        self.gridArea = gridArea
    }
}
