import ArgumentParser
import Foundation
import HelioCrypto

extension CertCommand {
    /// `GET /v1/certificates/{id}`: a lot with its parts, or a part with its lineage.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a lot (GC-3) with its parts, or a part (GC-3.2) with its lineage from <lot>.0.",
            discussion: """
                A lot: its scheme, volume and status, the device and its EECS codes, the production period, \
                issuance (time, journal entry, issuer, issuing body), expiry, the readings behind it (count \
                and RFC 9162 root), then its parts. A part: what it holds and its status, then the chain of \
                parts from the issued part <lot>.0 down to it, each with the Wh it was created with and the \
                journal entry that created it. --json prints the server's reply.
                """)

        @Argument(help: "A lot id (GC-3) or a part id (GC-3.2).") var id: String
        @OptionGroup var server: ServerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let reply = try await server.client().get("/v1/certificates/\(CertText.query(id))")
            let json = try reply.json()
            if output.json { return CertText.printJSON(reply.body) }
            let top = CertFields(json, "certificate \(id)")
            if json["part"] != nil {
                print(try Self.part(top), terminator: "")
            } else {
                print(try Self.lot(top.object("lot", "lot \(id)")), terminator: "")
                print("parts:")
                print(try CertTable.parts(top.array("parts")).render(), terminator: "")
            }
        }

        static func lot(_ l: CertFields) throws -> String {
            var text = "lot \(try l.string("id")): \(try l.string("scheme")), \(try l.uint("volumeWh")) Wh, "
            text += "\(try l.string("status"))"
            if let reason = l.optionalString("statusReason") { text += " (\(reason))" }
            text += "\ndevice: \(try l.string("device")) \(try l.string("deviceName").debugDescription), "
            text += "\(try l.string("energySource"))/\(try l.string("technology")), \(try l.uint("capacityW")) W, "
            text += "\(try l.string("country")), grid area \(try l.string("gridArea"))\n"
            text += "production: \(CertText.period(try l.int("productionStart"), try l.int("productionEnd")))\n"
            text += "issued: \(UnixTime.iso(try l.int("issuedAt"))) in entry \(try l.uint("issuanceEntry")) by "
            text += "\(try l.string("issuer").debugDescription) (issuing body \(try l.string("issuingBody")))\n"
            text += "expires: \(UnixTime.iso(try l.int("expiresAt")))\n"
            text += "cancelled: \(try l.uint("cancelledWh")) Wh\n"
            text += "readings: \(try l.uint("readingCount")), root \(try l.string("readingsRoot"))\n"
            return text
        }

        static func part(_ top: CertFields) throws -> String {
            let p = try top.object("part", "part")
            let status = try p.string("status")
            var text = "part \(try p.string("id")) of lot \(try p.string("lot")) (\(try p.string("scheme"))): "
            text += "\(try p.uint("volumeWh")) Wh of \(try p.uint("createdWh")), \(status), "
            text += "owner \(try p.string("owner"))\n"
            text += "production: \(CertText.period(try p.int("productionStart"), try p.int("productionEnd"))), "
            text += "device \(try p.string("device")), grid area \(try p.string("gridArea"))\n"
            text += "lineage:\n"
            var table = CertTable(["part", "from", "created_wh", "owner", "entry", "status"], rightAligned: [2, 4])
            for step in try top.array("lineage") {
                let s = CertFields(step, "lineage step")
                table.add([
                    try s.string("id"), s.optionalString("parent") ?? "issued", String(try s.uint("createdWh")),
                    try s.string("owner"), String(try s.uint("entry")), try s.string("status"),
                ])
            }
            return text + table.render()
        }
    }
}
