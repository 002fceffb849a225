import ArgumentParser
import Foundation
import HelioCrypto

/// What is being signed or verified: an EIP-191 message, EIP-712 typed data, or a raw digest.
struct SignedPayloadOptions: ParsableArguments {
    @Option(help: "Sign EIP-712 typed data from this JSON file instead of a message.")
    var data: String?

    @Flag(name: .customLong("no-hash"), help: "The message is a 32-byte hex digest to sign as is.")
    var noHash = false

    func validate() throws {
        if data != nil && noHash { throw ValidationError("--data and --no-hash cannot be combined") }
    }

    /// The 32-byte digest to sign. A message that starts with 0x and is valid hex is signed as those
    /// bytes (as Foundry's cast does); anything else as its UTF-8 text.
    func digest(message: String?) throws -> [UInt8] {
        if let data {
            guard let json = FileManager.default.contents(atPath: data) else {
                throw CLIError("cannot read typed data file \(data)")
            }
            return try TypedData(json: Array(json)).signingDigest()
        }
        guard let message else { throw CLIError("missing message") }
        if noHash { return try Hex.decode(message, count: 32, what: "--no-hash digest") }
        if message.hasPrefix("0x"), let bytes = try? Hex.decode(message) { return EIP191.hash(message: bytes) }
        return EIP191.hash(message: message)
    }
}

extension WalletCommand {
    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a message (EIP-191), typed data (EIP-712, --data FILE) or a raw digest (--no-hash).")
        @Argument(help: "The message (omit with --data).") var message: String?
        @OptionGroup var payload: SignedPayloadOptions
        @OptionGroup var key: KeySourceOptions
        @OptionGroup var output: JSONFlag

        func validate() throws {
            if payload.data == nil && message == nil { throw ValidationError("give a message, or --data FILE") }
            if payload.data != nil && message != nil { throw ValidationError("give a message or --data, not both") }
        }

        func run() throws {
            let digest = try payload.digest(message: message)
            let k = try key.resolve()
            let sig = try k.sign(digest: digest)
            if output.json {
                try Output.json([
                    "address": k.address.checksummed, "digest": Hex.encode(digest, prefixed: true),
                    "signature": sig.description, "r": Hex.encode(sig.r, prefixed: true),
                    "s": Hex.encode(sig.s, prefixed: true), "v": Int(sig.recoveryId) + 27,
                ])
            } else {
                print(sig.description)
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a signature over a message, typed data or digest was made by an address.")
        @Option(help: "The expected signer.") var address: String
        @Argument(help: "[MESSAGE] SIGNATURE (omit the message with --data).") var values: [String]
        @OptionGroup var payload: SignedPayloadOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let expected = try HelioCrypto.Address(address)
            let needed = payload.data == nil ? 2 : 1
            guard values.count == needed else {
                throw CLIError(needed == 2 ? "give MESSAGE and SIGNATURE" : "give only SIGNATURE with --data")
            }
            let digest = try payload.digest(message: needed == 2 ? values[0] : nil)
            let signature = try Secp256k1.Signature(hex: values[needed - 1])
            let signer = try signature.recoverAddress(digest: digest)
            if output.json {
                try Output.json([
                    "valid": signer == expected, "signer": signer.checksummed, "expected": expected.checksummed,
                ])
            }
            guard signer == expected else {
                throw CLIError("signature is not from \(expected.checksummed): it recovers to \(signer.checksummed)")
            }
            if !output.json { print("Valid signature from \(signer.checksummed)") }
        }
    }
}
