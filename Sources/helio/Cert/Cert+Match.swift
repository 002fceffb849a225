import ArgumentParser
import Foundation
import HelioCrypto
import HelioEnergy
import HelioRegistry

extension CertCommand {
    /// 24/7 matching: a beneficiary's hourly consumption against the GCs cancelled for it, hour by hour
    /// (docs/certificates.md, "24/7 matching").
    struct Match: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match hourly consumption with the GCs cancelled for a beneficiary (24/7, hourly).",
            discussion: """
                The consumption CSV has the header `hour_start,consumption_wh` and one row per consecutive \
                UTC hour (`2026-06-01T10:00:00Z,1234`); a gap, repeat or bad row is refused with its line. \
                The cancellations come from the beneficiary's aggregate statement, fetched from the server \
                (--beneficiary) or read from a file (--statement, single or aggregate), and always verified \
                first (refused if it does not hold): against --registry-address, or for a fetched statement \
                without it against the server's own checkpoint address (said on stderr). Every GC cancellation counts as supply \
                in its lot's production hour; GO cancellations are not hourly and are left out (noted on \
                stderr). With --bidding-zone only supply from that grid area counts. Per hour: matched = \
                min(consumption, supply), share = matched / consumption (rounded down to 0.01 %); surplus is \
                never carried to another hour.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

        @Option(help: "Hourly consumption CSV (hour_start,consumption_wh).") var consumption: String
        @Option(help: "The beneficiary's name: fetch its aggregate statement from the server.")
        var beneficiary: String?
        @Option(help: "Read the statement (single or aggregate) from this file instead.") var statement: String?
        @Option(name: .customLong("bidding-zone"), help: "Count only supply from this grid area (DK1).")
        var biddingZone: String?
        @Option(help: "Output: table, csv or json.") var format: Format = .table
        @Option(
            name: .customLong("registry-address"),
            help: ArgumentHelp(
                "Verify the statement against this registry address (required with --statement; with "
                    + "--beneficiary the server's own checkpoint address is used when it is not given)."))
        var registryAddress: String?
        @OptionGroup var server: ServerOptions

        func validate() throws {
            guard (beneficiary == nil) != (statement == nil) else {
                throw ValidationError("give --beneficiary NAME or --statement FILE, not both or neither")
            }
            if statement != nil, server.server != nil { throw ValidationError("--server goes with --beneficiary") }
        }

        func run() async throws {
            let address = try registryAddress.map { text in
                guard let a = try? Address(text) else { throw CLIError("--registry-address \(text) is not an address") }
                return a
            }
            let rows: [HourlyConsumption]
            do {
                rows = try ConsumptionCSV.parse(String(decoding: try CertText.read(consumption), as: UTF8.self))
            } catch let error as MatchingError { throw CLIError("\(consumption): \(error.message)") }
            let document: [UInt8]
            let trusted: Address
            if let statement {
                guard let address else {
                    throw CLIError("a statement file is checked against a registry: give --registry-address ADDRESS")
                }
                document = try CertText.read(statement)
                trusted = address
            } else {
                let client = try server.client()
                let reply = try await client.get("/v1/statements?beneficiary=\(CertText.query(beneficiary ?? ""))")
                _ = try reply.json()
                document = reply.body
                if let address {
                    trusted = address
                } else {
                    let own = try CertFields(try await client.get("/v1/registry").json(), "registry")
                        .string("checkpointAddress")
                    guard let a = try? Address(own) else { throw CLIError("the server names no checkpoint address") }
                    trusted = a
                    Output.note(
                        "helio: note: verified against the server's own checkpoint address \(a.checksummed); "
                            + "pass --registry-address to check it against the address you trust")
                }
            }
            let cancellations: [StatementVerifier.Verified]
            do { cancellations = try StatementVerifier.verify(document: document, registryAddress: trusted) } catch {
                throw CLIError("the statement does not hold: \(error.message)")
            }
            let granular = cancellations.filter { $0.scheme == "GC" }
            let others = cancellations.filter { $0.scheme != "GC" }
            if !others.isEmpty {
                let wh = others.reduce(UInt64(0)) { sum, c in
                    let (total, overflow) = sum.addingReportingOverflow(c.volumeWh)
                    return overflow ? .max : total
                }
                Output.note(
                    "helio: note: \(others.count) non-GC cancellation(s), \(wh) Wh, are not hourly and are left out")
            }
            let supply = granular.map {
                CancelledSupply(
                    lot: $0.lot, hourStart: $0.productionStart, energyWh: $0.volumeWh, gridArea: $0.gridArea)
            }
            let report = HourlyMatch.match(consumption: rows, supply: supply, biddingZone: biddingZone)
            switch format {
            case .table: print(report.table(), terminator: "")
            case .csv: print(report.csv(), terminator: "")
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                CertText.printJSON(Array(try encoder.encode(report.json())))
            }
        }
    }
}
