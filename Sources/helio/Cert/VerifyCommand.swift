import ArgumentParser
import Foundation
import HelioCrypto
import HelioRegistry

/// `helio verify`: checks a cancellation statement (or an aggregate one) offline, against the registry
/// address the verifier already trusts — no network, no registry (docs/certificates.md, checks 1–7).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a cancellation statement (or an aggregate statement) offline.",
        discussion: """
            Checks, in order: the format; that the statement is for the registry whose checkpoint address \
            you give; the signed checkpoint; the cancellation entry's inclusion proof; that the signed \
            CancelCertificate says what the statement says; the beneficiary opening against its commitment; \
            the lineage from the lot's issued part to the cancelled part. Prints one line per cancellation, \
            `statement holds: cancellation <id>, <lot>, <Wh> Wh for "<beneficiary>", checkpoint of <n> \
            entries`, and exits 0; or prints the first failed check (`helio: error: <field>: <why>`) and \
            exits 1. --json prints {"holds": true, "format", "cancellations": […]} instead.
            """)

    @Argument(help: "The statement file (JSON, as `helio cert statement` saves it).") var file: String

    @Option(name: .customLong("registry-address"), help: "The registry's checkpoint address you trust.")
    var registryAddress: String

    @Option(
        name: .customLong("witness"),
        help: "A witness address you trust (repeat for several); see --require-witnesses.")
    var witnesses: [String] = []

    @Option(
        name: .customLong("require-witnesses"),
        help: "How many of the --witness addresses must have co-signed the statement's checkpoint (default 0).")
    var requiredWitnesses: Int = 0

    @OptionGroup var output: JSONFlag

    func validate() throws {
        for w in witnesses where (try? Address(w)) == nil { throw ValidationError("--witness \(w) is not an address") }
        guard requiredWitnesses >= 0, requiredWitnesses <= witnesses.count else {
            throw ValidationError("--require-witnesses must be between 0 and the number of --witness addresses")
        }
    }

    struct Report: Encodable {
        let holds: Bool
        let format: String
        let cancellations: [StatementVerifier.Verified]
    }

    func run() throws {
        guard let address = try? Address(registryAddress) else {
            throw CLIError("--registry-address \(registryAddress) is not an address")
        }
        let bytes = try CertText.read(file)
        let verified: [StatementVerifier.Verified]
        do {
            verified = try StatementVerifier.verify(document: bytes, registryAddress: address)
            try StatementVerifier.requireWitnesses(
                document: bytes, trusted: Set(try witnesses.map { try Address($0) }), required: requiredWitnesses)
        } catch let error as StatementVerifier.Failure {
            throw CLIError(error.message)
        }
        if output.json {
            var format = ""
            if let doc = try? JSONValue(parsing: bytes), case .string(let f) = doc["format"] { format = f }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let report = Report(holds: true, format: format, cancellations: verified)
            return CertText.printJSON(Array(try encoder.encode(report)))
        }
        if verified.isEmpty { print("statement holds: no cancellations") }
        for v in verified {
            let who = v.beneficiary.map { "for \($0.debugDescription)" } ?? "for an erased beneficiary"
            print(
                "statement holds: cancellation \(v.cancellation), \(v.lot), \(v.volumeWh) Wh \(who), "
                    + "checkpoint of \(v.checkpointSize) entries")
        }
    }
}
