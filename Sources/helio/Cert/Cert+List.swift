import ArgumentParser
import Foundation
import HelioCrypto

extension CertCommand {
    /// `GET /v1/certificates`: parts, filtered, oldest lot first.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List certificate parts (holdings), oldest lot first.",
            discussion: """
                One row per part: part, lot, scheme, device, production period (ISO 8601 UTC, start/end), \
                Wh, status, owner. Wh is what the part holds now; for a cancelled part, what it retired. \
                Without --status, parts that were transferred away entirely are left out. --json prints the \
                server's reply ({"certificates": [part…]}).
                """)

        @OptionGroup var server: ServerOptions

        @Option(help: "Only parts held by this address.") var owner: String?
        @Option(help: "Only parts of lots from this device.") var device: String?
        @Option(help: "Only this scheme: GO or GC.") var scheme: String?
        @Option(help: "Only parts in this status: active, transferred, cancelled, expired, withdrawn.")
        var status: String?
        @Option(help: "At most this many parts (the server's default when absent).") var limit: Int?

        @OptionGroup var output: JSONFlag

        func validate() throws {
            if let owner { _ = try addressOption(owner, "--owner") }
            if let scheme, !["GO", "GC"].contains(scheme) { throw ValidationError("--scheme must be GO or GC") }
        }

        func run() async throws {
            var query: [String] = []
            if let owner { query.append("owner=\(try addressOption(owner, "--owner").checksummed)") }
            if let device { query.append("device=\(CertText.query(device))") }
            if let scheme { query.append("scheme=\(scheme)") }
            if let status { query.append("status=\(CertText.query(status))") }
            if let limit { query.append("limit=\(limit)") }
            let path = "/v1/certificates" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            let reply = try await server.client().get(path)
            let json = try reply.json()
            if output.json { return CertText.printJSON(reply.body) }
            let parts = try CertFields(json, "certificate list").array("certificates")
            if parts.isEmpty {
                print("no certificates")
                return
            }
            print(try CertTable.parts(parts).render(), terminator: "")
        }
    }
}
