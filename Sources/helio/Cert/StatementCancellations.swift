import HelioCrypto
import HelioRegistry

/// What `cert match` needs from each cancellation of a statement (single or aggregate): the lot, its
/// scheme, production start and grid area, and the Wh cancelled.
struct StatementCancellation: Hashable, Sendable {
    let lot: String
    let scheme: String
    let productionStart: Int64
    let volumeWh: UInt64
    let gridArea: String

    /// The cancellations of `document`, checked by `StatementVerifier` against `registryAddress` when one
    /// is given; without one they are read as written (the caller warns that nothing was verified).
    static func read(_ document: [UInt8], registryAddress: Address?) throws -> [StatementCancellation] {
        if let registryAddress {
            let verified: [StatementVerifier.Verified]
            do { verified = try StatementVerifier.verify(document: document, registryAddress: registryAddress) } catch {
                throw CLIError("the statement does not hold: \(error.message)")
            }
            return verified.map {
                StatementCancellation(
                    lot: $0.lot, scheme: $0.scheme, productionStart: $0.productionStart, volumeWh: $0.volumeWh,
                    gridArea: $0.gridArea)
            }
        }
        let doc: JSONValue
        do { doc = try JSONValue(parsing: document) } catch {
            throw CLIError("the statement is not JSON: \(error.message)")
        }
        let top = CertFields(doc, "statement")
        let statements: [JSONValue]
        switch try top.string("format") {
        case "helio-cancellation-statement/v1": statements = [doc]
        case "helio-aggregate-statement/v1": statements = try top.array("statements")
        case let other: throw CLIError("unknown statement format \(other.debugDescription)")
        }
        return try statements.map { item in
            let statement = CertFields(item, "statement")
            let lot = try statement.object("lot", "statement's lot")
            return StatementCancellation(
                lot: try lot.string("id"), scheme: try lot.string("scheme"),
                productionStart: try lot.int("productionStart"),
                volumeWh: try statement.object("cancellation", "statement's cancellation").uint("volumeWh"),
                gridArea: try lot.string("gridArea"))
        }
    }
}
