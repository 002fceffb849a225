import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger

extension AdminCommand {
    /// Chooses which certificate schemes a device's verified energy is issued under (SetIssuancePolicy).
    struct SetPolicy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issuance-policy",
            abstract: "Choose the certificate schemes of a device: GO, GC, both, or none (SetIssuancePolicy).",
            discussion: """
                From the next issued period on, the device's energy also becomes guarantees of origin (GO: \
                whole MWh, the rest carried) and/or granular certificates (GC: one lot per clock hour). \
                `--schemes none` stops certificate issuance (rewards go on; the GO carry is kept).
                """)

        @Option(help: "The device's id.") var device: String
        @Option(help: "Comma-separated schemes: GO, GC, GO,GC, or none.") var schemes: String
        @OptionGroup var options: AdminOptions

        func validate() throws { _ = try parsed() }

        /// The schemes `--schemes` names; `none` (or an empty value) is the empty list.
        func parsed() throws -> [CertificateScheme] {
            let text = schemes.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.lowercased() == "none" { return [] }
            var out: [CertificateScheme] = []
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                let name = item.trimmingCharacters(in: .whitespaces).uppercased()
                guard let scheme = CertificateScheme(rawValue: name) else {
                    throw ValidationError("--schemes: \(String(item).debugDescription) is not GO or GC (or give none)")
                }
                guard !out.contains(scheme) else { throw ValidationError("--schemes names \(name) twice") }
                out.append(scheme)
            }
            return out
        }

        func run() async throws {
            try await options.send(.setIssuancePolicy(.init(device: device, schemes: try parsed())))
        }
    }

    /// Withdraws a mistaken lot (WithdrawLot): its units stop; refused once any of it was cancelled.
    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw-lot",
            abstract: "Withdraw a mistaken lot that has no cancellations (WithdrawLot).")

        @Option(help: "The lot's id (GC-3).") var lot: String
        @Option(help: "Why (recorded in the journal, 1–200 bytes).") var reason: String
        @OptionGroup var options: AdminOptions

        func run() async throws {
            try await options.send(.withdrawLot(.init(lot: lot, reason: reason)))
        }
    }

    /// The registry's certificate settings (ConfigureCertificates, registry authority).
    struct CertificateSettings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "certificate-settings",
            abstract: "Set the issuer name and expiry periods printed on new lots (ConfigureCertificates).",
            discussion: """
                Signed by the registry authority (the checkpoint key in the registry's data folder, \
                --keystore helio-data/keys/UTC--…). Applies to lots issued afterwards.
                """)

        @Option(help: "The issuing body's name as printed on lots.") var issuer: String
        @Option(name: .customLong("go-expiry-months"), help: "GOs expire this many months after production (1–60).")
        var goExpiryMonths: UInt8 = 12
        @Option(name: .customLong("gc-expiry-days"), help: "GCs expire this many days after production (1–3650).")
        var gcExpiryDays: UInt16 = 730
        @OptionGroup var options: AdminOptions

        func validate() throws {
            guard (1...60).contains(goExpiryMonths) else { throw ValidationError("--go-expiry-months must be 1–60") }
            guard (1...3650).contains(gcExpiryDays) else { throw ValidationError("--gc-expiry-days must be 1–3650") }
        }

        func run() async throws {
            try await options.send(
                .configureCertificates(
                    .init(issuer: issuer, goExpiryMonths: goExpiryMonths, gcExpiryDays: gcExpiryDays)))
        }
    }
}
