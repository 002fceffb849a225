import ArgumentParser
import Foundation
import HelioCrypto

extension WalletCommand {
    struct Address: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the address of a key.")
        @OptionGroup var key: KeySourceOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let address = try key.resolve().address
            if output.json { try Output.json(["address": address.checksummed]) } else { print(address.checksummed) }
        }
    }

    struct PublicKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public-key", abstract: "Print the public key of a key (uncompressed SEC1 by default).")
        @OptionGroup var key: KeySourceOptions
        @Flag(help: "Print the 33-byte compressed form.") var compressed = false
        @OptionGroup var output: JSONFlag

        func run() throws {
            let pub = try key.resolve().publicKey
            if output.json {
                try Output.json([
                    "address": pub.address.checksummed, "uncompressed": Hex.encode(pub.uncompressed, prefixed: true),
                    "compressed": Hex.encode(pub.compressed, prefixed: true),
                ])
            } else {
                print(Hex.encode(compressed ? pub.compressed : pub.uncompressed, prefixed: true))
            }
        }
    }

    struct Derive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Derive addresses from a mnemonic (BIP-44 m/44'/60'/<account>'/0/i).")
        @Argument(help: "The mnemonic phrase (quote it).") var mnemonic: String
        @Option(help: "How many addresses.") var accounts: UInt32 = 5
        @Option(help: "BIP-44 account number.") var account: UInt32 = 0
        @Option(help: "BIP-39 passphrase.") var passphrase = ""
        @OptionGroup var output: JSONFlag

        func run() throws {
            let derived = try deriveAccounts(
                phrase: mnemonic, passphrase: passphrase, count: accounts, account: account)
            if output.json {
                try Output.json(derived.map { ["path": $0.path, "address": $0.address] })
            } else {
                for a in derived { print("\(a.path)  \(a.address)") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keystores in the keystore folder.")
        @OptionGroup var keystoreDir: KeystoreDirOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let directory = keystoreDir.directory
            let entries = FileManager.default.fileExists(atPath: directory.url.path) ? try directory.entries() : []
            if output.json {
                try Output.json(entries.map { ["address": $0.address?.checksummed ?? NSNull(), "path": $0.url.path] })
            } else if entries.isEmpty {
                Output.note("no keystores in \(directory.url.path)")
            } else {
                for e in entries { print("\(e.address?.checksummed ?? "(no address)")  \(e.url.path)") }
            }
        }
    }

    struct PrivateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "private-key", abstract: "Print the raw private key of a key source. Handle with care.")
        @OptionGroup var key: KeySourceOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let k = try key.resolve()
            try printPrivateKey(k, json: output.json)
        }
    }

    struct DecryptKeystore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decrypt-keystore", abstract: "Decrypt a keystore file and print its private key.")
        @Argument(help: "Keystore file, or the address of a keystore in the keystore folder.") var keystore: String
        @OptionGroup var keystoreDir: KeystoreDirOptions
        @OptionGroup var password: PasswordOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let url =
                FileManager.default.fileExists(atPath: keystore)
                ? URL(fileURLWithPath: keystore) : try KeystoreLookup.file(for: keystore, in: keystoreDir.directory)
            let k = try keystoreFromFile(url).decrypt(password: password.password())
            try printPrivateKey(k, json: output.json)
        }
    }
}

func printPrivateKey(_ key: Secp256k1.PrivateKey, json: Bool) throws {
    let hex = Hex.encode(key.rawRepresentation, prefixed: true)
    if json { try Output.json(["address": key.address.checksummed, "private_key": hex]) } else { print(hex) }
}
