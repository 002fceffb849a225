import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger

/// What the holder's commands (`cert transfer`, `cert cancel`) share: the server, the holder's signing
/// key, the nonce, and `--json`.
struct HolderOptions: ParsableArguments {
    @OptionGroup var server: ServerOptions
    @OptionGroup var signer: SignerOptions

    @Option(help: "Sign with this nonce instead of the server's next one for the key.")
    var nonce: UInt64?

    @OptionGroup var output: JSONFlag

    /// `command` signed with the holder's key under the server's EIP-712 domain, and the nonce used.
    func sign(_ command: Command, client: HTTPClient) async throws -> (SignedCommand, UInt64) {
        try await client.sign(command, with: try signer.key(), nonce: nonce)
    }

    /// The part of `lot` that journal entry `entry` created (the receipt does not name it).
    static func createdPart(lot: String, entry: UInt64, client: HTTPClient) async -> String? {
        guard let reply = try? await client.get("/v1/certificates/\(CertText.query(lot))").json(),
            let parts = try? CertFields(reply, "lot").array("parts")
        else { return nil }
        return parts.lazy.map { CertFields($0, "part") }.first { (try? $0.uint("entry")) == entry }?
            .optionalString("id")
    }

    /// The lot of a part id: everything before its last dot (`GC-3.2` → `GC-3`).
    static func lot(of part: String) -> String {
        guard let dot = part.lastIndex(of: ".") else { return part }
        return String(part[..<dot])
    }
}
