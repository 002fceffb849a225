import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger

extension CertCommand {
    /// Retires Wh of a part for a beneficiary: draws the opening's salt, signs a `CancelCertificate` over
    /// its commitment, and posts both to `POST /v1/cancellations`.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel (retire) Wh of a part you hold for a beneficiary (CancelCertificate).",
            discussion: """
                The journal records only a salted commitment to the beneficiary's name and address; the \
                opening is sent beside the signed command, kept by the registry outside the log (erasable), \
                and returned in the statement. Times are unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ \
                (UTC). Prints `cancellation <id>: <Wh> Wh of <part> for "<name>" (part <cancelled part>, \
                lot <lot>, leaf hash <hash>)`, and with --statement-out a second line `statement saved to \
                <file>`. --json prints the server's reply.
                """)

        @Option(help: "The part to cancel from (GC-3.1).") var part: String
        @Option(help: "How many Wh to cancel.") var wh: UInt64
        @Option(help: "The beneficiary's name (1–200 bytes).") var beneficiary: String
        @Option(name: .customLong("beneficiary-address"), help: "The beneficiary's postal address (0–500 bytes).")
        var beneficiaryAddress: String = ""
        @Option(help: "What the energy was used for (1–200 bytes).") var purpose: String
        @Option(name: .customLong("consumption-start"), help: "Start of the consumption period.")
        var consumptionStart: String
        @Option(name: .customLong("consumption-end"), help: "End of the consumption period (exclusive).")
        var consumptionEnd: String
        @Option(help: "Where the energy was consumed: a country or bidding zone (DK1).") var location: String
        @Option(name: .customLong("statement-out"), help: "Also fetch the cancellation statement into this file.")
        var statementOut: String?
        @OptionGroup var options: HolderOptions

        func validate() throws {
            if wh == 0 { throw ValidationError("--wh must be at least 1") }
            let (start, end) = try period()
            if end <= start { throw ValidationError("--consumption-end must be after --consumption-start") }
        }

        func period() throws -> (Int64, Int64) {
            guard let start = UnixTime.parse(consumptionStart) else {
                throw ValidationError("--consumption-start \(consumptionStart) is not a time")
            }
            guard let end = UnixTime.parse(consumptionEnd) else {
                throw ValidationError("--consumption-end \(consumptionEnd) is not a time")
            }
            return (start, end)
        }

        struct Body: Encodable {
            let command: SignedCommand
            let beneficiary: BeneficiaryOpening
        }

        func run() async throws {
            let opening = BeneficiaryOpening.random(name: beneficiary, address: beneficiaryAddress)
            do { try opening.validate() } catch { throw CLIError(error.message) }
            let (start, end) = try period()
            let command = Command.cancelCertificate(
                .init(
                    part: part, volumeWh: wh, beneficiaryCommitment: opening.commitment, purpose: purpose,
                    consumptionStart: start, consumptionEnd: end, location: location))
            let client = try options.server.client()
            let (signed, _) = try await options.sign(command, client: client)
            let body = Array(try JSONEncoder().encode(Body(command: signed, beneficiary: opening)))
            let reply = try await client.post("/v1/cancellations", body: body)
            let created = CertFields(try reply.json(status: 201), "cancellation")
            let id = try created.string("id")
            if options.output.json {
                CertText.printJSON(reply.body)
            } else {
                print(
                    "cancellation \(id): \(wh) Wh of \(part) for \(beneficiary.debugDescription) "
                        + "(part \(try created.string("part")), lot \(try created.string("lot")), "
                        + "leaf hash \(try created.string("leafHash")))")
            }
            guard let statementOut else { return }
            let statement = try await client.get("/v1/cancellations/\(id)/statement")
            _ = try statement.json()
            try CertText.write(statement.body, to: statementOut)
            if !options.output.json { print("statement saved to \(statementOut)") }
        }
    }
}
