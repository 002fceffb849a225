import ArgumentParser
import Foundation
import HelioCrypto

extension CertCommand {
    /// Fetches a cancellation statement, or a beneficiary's aggregate statement, exactly as the server
    /// wrote it (the bytes are what `helio verify` and any other verifier check).
    struct Statement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the statement of a cancellation, or the aggregate statement of a beneficiary.",
            discussion: """
                `statement ID` fetches GET /v1/cancellations/ID/statement; `statement --beneficiary NAME \
                [--from T] [--to T]` fetches GET /v1/statements (every cancellation for NAME whose consumption \
                period lies in [from, to)). Times are unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ. Without \
                --out the document goes to stdout; with --out it is saved and one line says what and where. \
                Check it offline with `helio verify FILE --registry-address ADDRESS`.
                """)

        @Argument(help: "The cancellation's id (its journal entry index).") var id: UInt64?
        @Option(help: "The beneficiary's name, for an aggregate statement.") var beneficiary: String?
        @Option(help: "Aggregate: consumption periods starting at or after this time.") var from: String?
        @Option(help: "Aggregate: consumption periods ending at or before this time.") var to: String?
        @Option(help: "Save the statement to this file instead of printing it.") var out: String?
        @OptionGroup var server: ServerOptions

        func validate() throws {
            guard (id == nil) != (beneficiary == nil) else {
                throw ValidationError("give a cancellation id or --beneficiary NAME, not both or neither")
            }
            if id != nil, from != nil || to != nil {
                throw ValidationError("--from and --to go with --beneficiary")
            }
            _ = try times()
        }

        func times() throws -> (Int64?, Int64?) {
            func parse(_ text: String?, _ flag: String) throws -> Int64? {
                guard let text else { return nil }
                guard let t = UnixTime.parse(text) else { throw ValidationError("\(flag) \(text) is not a time") }
                return t
            }
            return (try parse(from, "--from"), try parse(to, "--to"))
        }

        func run() async throws {
            let path: String
            if let id {
                path = "/v1/cancellations/\(id)/statement"
            } else {
                let (from, to) = try times()
                var query = "beneficiary=\(CertText.query(beneficiary ?? ""))"
                if let from { query += "&from=\(from)" }
                if let to { query += "&to=\(to)" }
                path = "/v1/statements?" + query
            }
            let reply = try await server.client().get(path)
            let doc = CertFields(try reply.json(), "statement")
            guard let out else { return CertText.printJSON(reply.body) }
            try CertText.write(reply.body, to: out)
            if let id {
                print("statement of cancellation \(id) saved to \(out)")
            } else {
                let count = try doc.array("statements").count
                print(
                    "aggregate statement for \((beneficiary ?? "").debugDescription): \(count) cancellation"
                        + "\(count == 1 ? "" : "s"), \(try doc.uint("totalWh")) Wh, saved to \(out)")
            }
        }
    }
}
