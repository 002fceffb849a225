import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger

/// `helio admin …`: the issuing body's registry commands, signed (EIP-712) with its keystore and posted
/// to a running registry server.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Register devices and oracles, assign oracles to meters, suspend and reinstate (issuing body).",
        discussion: """
            Each command is signed with the issuing body's keystore (--keystore FILE, or --account ADDRESS in \
            --keys-dir) under the server's EIP-712 domain (GET /v1/eip712), with the key's next nonce \
            (GET /v1/accounts/{address}/balances) unless --nonce is given, and posted to POST /v1/commands. \
            A refusal prints the problem's code and detail and exits non-zero.
            """,
        subcommands: [
            RegisterDevice.self, RegisterOracle.self, Assign.self, SuspendDevice.self, ReinstateDevice.self,
            SuspendOracle.self, ReinstateOracle.self, SetPolicy.self, Withdraw.self, CertificateSettings.self,
        ])
}

/// What every admin command shares: the server, the signing key, the nonce, and `--json`.
struct AdminOptions: ParsableArguments {
    @OptionGroup var server: ServerOptions
    @OptionGroup var signer: SignerOptions

    @Option(help: "Sign with this nonce instead of the server's next one for the key.")
    var nonce: UInt64?

    @OptionGroup var output: JSONFlag

    /// Signs `command`, posts it, and prints the receipt (or the server's JSON with `--json`); a refusal
    /// is thrown as `<code>: <detail>`.
    func send(_ command: Command) async throws {
        let client = try server.client()
        let (signed, nonce) = try await client.sign(command, with: try signer.key(), nonce: self.nonce)
        let reply = try await client.post("/v1/commands", body: Array(try JSONEncoder().encode(signed)))
        let receipt = try reply.json()
        if output.json {
            FileHandle.standardOutput.write(Data(reply.body) + Data("\n".utf8))
            return
        }
        guard case .number(let index) = receipt["index"], case .string(let leaf) = receipt["leafHash"] else {
            throw CLIError("the server's receipt has no index or leafHash")
        }
        print("\(command.kind) accepted: entry \(index), leaf hash \(leaf), nonce \(nonce)")
    }
}

/// Parses an address option (for `validate()` and `run()`).
func addressOption(_ text: String, _ name: String) throws -> Address {
    guard let address = try? Address(text) else { throw ValidationError("\(name) \(text) is not an address") }
    return address
}
