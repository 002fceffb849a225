import Foundation
import HelioCrypto
import HelioEnergy
import HelioRegistry

/// Statements and 24/7 matching, as a consumer or an auditor would do them: fetch a cancellation
/// statement and the office's aggregate statement, verify both offline against the registry's checkpoint
/// address (`StatementVerifier`, the code behind `helio verify`), and match the office's hourly consumption
/// with the GCs cancelled for it (`HourlyMatch`, the code behind `helio cert match`).
struct DemoStatements: Sendable {
    /// The single statement written to `<out>/statement-<id>.json` (nil when nothing was cancelled).
    var statementID: String?
    var statementFile: String?
    var statementVerified = false
    var statementFailure: String?
    var aggregateStatements = 0
    var aggregateWh: UInt64 = 0
    var aggregateVerified = false
    var aggregateFailure: String?
    var match: MatchReport?

    static func run(
        api: DemoAPI, registryAddress: Address, cancellations: [DemoMarket.Cancelled], office: Consumer,
        consumption: ConsumptionProfile, out: String
    ) async throws -> DemoStatements {
        var result = DemoStatements()
        // The household's first cancellation if it made one, else the first of anyone.
        if let first = cancellations.first(where: { $0.buyer == .household }) ?? cancellations.first {
            let document = try await api.raw("/v1/cancellations/\(first.id)/statement")
            let file = (out as NSString).appendingPathComponent("statement-\(first.id).json")
            try Data(document).write(to: URL(fileURLWithPath: file))
            result.statementID = first.id
            result.statementFile = file
            switch verify(document, registryAddress: registryAddress) {
            case .success: result.statementVerified = true
            case .failure(let failure): result.statementFailure = failure.message
            }
        }
        let name = CertText.query(office.beneficiaryName)
        let aggregate = try await api.raw("/v1/statements?beneficiary=\(name)")
        switch verify(aggregate, registryAddress: registryAddress) {
        case .success(let verified):
            result.aggregateVerified = true
            result.aggregateStatements = verified.count
            result.aggregateWh = verified.reduce(0) { $0 + $1.volumeWh }
            let supply = verified.filter { $0.scheme == "GC" }.map {
                CancelledSupply(
                    lot: $0.lot, hourStart: $0.productionStart, energyWh: $0.volumeWh, gridArea: $0.gridArea)
            }
            let rows = zip(consumption.hours, consumption.office).map {
                HourlyConsumption(hourStart: $0.0, consumptionWh: $0.1)
            }
            result.match = HourlyMatch.match(consumption: rows, supply: supply, biddingZone: Neighbourhood.gridArea)
        case .failure(let failure):
            result.aggregateFailure = failure.message
        }
        return result
    }

    /// Synchronous (typed throws stay out of async code, see `DemoRegistry.sign`).
    static func verify(
        _ document: [UInt8], registryAddress: Address
    ) -> Result<[StatementVerifier.Verified], StatementVerifier.Failure> {
        do { return .success(try StatementVerifier.verify(document: document, registryAddress: registryAddress)) } catch
        { return .failure(error) }
    }
}
