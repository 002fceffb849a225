import ArgumentParser
import Foundation
import HelioCrypto

extension OracleCommand {
    /// Posts a file `sign` wrote to the reading endpoint it belongs to, and reports the verdicts.
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post signed readings (from `helio oracle sign`) to a registry server.",
            discussion: """
                Prints `accepted N, already recorded N, rejected N` and one line per rejected reading \
                (`index reason detail`). Exits 0 when the server judged the readings (even if it rejected \
                some), non-zero when it refused the request or could not be reached.
                """)

        @OptionGroup var server: ServerOptions

        @Option(help: "The signed readings (JSON, as `helio oracle sign` writes them).")
        var input: String

        @OptionGroup var output: JSONFlag

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw CLIError("cannot read \(input)")
            }
            let body: JSONValue
            do { body = try JSONValue(parsing: Array(data)) } catch {
                throw CLIError("\(input) is not JSON: \(error.message)")
            }
            let reply = try await server.client().post(ReadingsBody.endpoint(of: body), body: Array(data))
            let json = try reply.json()
            if output.json {
                FileHandle.standardOutput.write(Data(reply.body) + Data("\n".utf8))
                return
            }
            let summary = try ReadingsSummary(reply: json)
            print(summary.line)
            for line in summary.rejectionLines() { print(line) }
        }
    }
}
