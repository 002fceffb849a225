import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger

extension CertCommand {
    /// Signs a `TransferCertificate` with the holder's key and posts it to `POST /v1/commands`.
    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Transfer Wh of a part you hold to another account (TransferCertificate).",
            discussion: """
                The part keeps the rest; the receiver gets a new part of the same lot, child of yours. \
                Prints `transferred <Wh> Wh of <part> to <address> as <new part>: entry <n>, leaf hash <hash>, \
                nonce <n>`; --json prints the server's receipt with the new part added as "part".
                """)

        @Option(help: "The part to transfer from (GC-3.0).") var part: String
        @Option(help: "The receiver's address.") var to: String
        @Option(help: "How many Wh to transfer.") var wh: UInt64
        @OptionGroup var options: HolderOptions

        func validate() throws {
            _ = try addressOption(to, "--to")
            if wh == 0 { throw ValidationError("--wh must be at least 1") }
        }

        func run() async throws {
            let receiver = try addressOption(to, "--to")
            let client = try options.server.client()
            let (signed, nonce) = try await options.sign(
                .transferCertificate(.init(part: part, to: receiver, volumeWh: wh)), client: client)
            let receipt = try await client.post("/v1/commands", body: Array(try JSONEncoder().encode(signed))).json()
            let r = CertFields(receipt, "receipt")
            let entry = try r.uint("index")
            let created = await HolderOptions.createdPart(
                lot: HolderOptions.lot(of: part), entry: entry, client: client)
            if options.output.json {
                guard case .object(var members) = receipt else { throw CLIError("the server's receipt is no object") }
                members.append(.init("part", created.map { .string($0) } ?? .null))
                return CertText.printJSON(JSONValue.object(members).serialized)
            }
            print(
                "transferred \(wh) Wh of \(part) to \(receiver.checksummed) as \(created ?? "a new part"): "
                    + "entry \(entry), leaf hash \(try r.string("leafHash")), nonce \(nonce)")
        }
    }
}
