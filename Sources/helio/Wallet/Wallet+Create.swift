import ArgumentParser
import Foundation
import HelioCrypto

extension WalletCommand {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a random key and save it as an encrypted keystore.")

        @OptionGroup var keystoreDir: KeystoreDirOptions
        @OptionGroup var password: PasswordOptions
        @OptionGroup var kdf: KDFOptions
        @OptionGroup var output: JSONFlag

        func run() throws {
            let key = Secp256k1.PrivateKey()
            let file = try saveKeystore(
                key, password: password.newPassword(), kdf: kdf.value, in: keystoreDir.directory)
            try printSaved(key.address, file: file, json: output.json)
        }
    }

    struct NewMnemonic: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-mnemonic",
            abstract: "Generate a BIP-39 mnemonic and print it with its first addresses (m/44'/60'/0'/0/i).")

        @Option(help: "Number of words: 12, 15, 18, 21 or 24.")
        var words = 12

        @Option(help: "How many addresses to show.")
        var accounts: UInt32 = 1

        @Option(help: "BIP-39 passphrase used for the addresses shown.")
        var passphrase = ""

        @OptionGroup var output: JSONFlag

        func run() throws {
            let phrase = try Mnemonic.generate(wordCount: words)
            let derived = try deriveAccounts(phrase: phrase, passphrase: passphrase, count: accounts)
            if output.json {
                try Output.json([
                    "mnemonic": phrase, "accounts": derived.map { ["path": $0.path, "address": $0.address] },
                ])
                return
            }
            print("Mnemonic: \(phrase)")
            print("Write it down and keep it offline: anyone who has it controls these accounts.")
            for a in derived { print("\(a.path)  \(a.address)") }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a private key or a mnemonic account into an encrypted keystore.")

        @Option(name: .customLong("private-key"), help: "Raw private key (hex).")
        var privateKey: String?

        @Option(name: .customLong("private-key-file"), help: "File holding the raw private key (hex).")
        var privateKeyFile: String?

        @Option(help: "BIP-39 mnemonic phrase.")
        var mnemonic: String?

        @Option(name: .customLong("mnemonic-index"), help: "Account index for m/44'/60'/0'/0/<index>.")
        var mnemonicIndex: UInt32 = 0

        @Option(name: .customLong("mnemonic-path"), help: "Full derivation path (overrides --mnemonic-index).")
        var mnemonicPath: String?

        @Option(name: .customLong("mnemonic-passphrase"), help: "BIP-39 passphrase.")
        var mnemonicPassphrase = ""

        @OptionGroup var keystoreDir: KeystoreDirOptions
        @OptionGroup var password: PasswordOptions
        @OptionGroup var kdf: KDFOptions
        @OptionGroup var output: JSONFlag

        func validate() throws {
            let given = [privateKey, privateKeyFile, mnemonic].compactMap { $0 }.count
            guard given == 1 else {
                throw ValidationError("give exactly one of --private-key, --private-key-file, --mnemonic")
            }
        }

        func run() throws {
            let key: Secp256k1.PrivateKey
            if let mnemonic {
                let path =
                    try mnemonicPath.map { try DerivationPath($0) } ?? DerivationPath.ethereum(index: mnemonicIndex)
                key = try MnemonicDerivation.privateKey(phrase: mnemonic, passphrase: mnemonicPassphrase, path: path)
            } else if let privateKeyFile {
                guard let data = FileManager.default.contents(atPath: privateKeyFile) else {
                    throw CLIError("cannot read private key file \(privateKeyFile)")
                }
                let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                key = try Secp256k1.PrivateKey(hex: text)
            } else {
                key = try Secp256k1.PrivateKey(hex: privateKey!)
            }
            let directory = keystoreDir.directory
            if let existing = try directory.find(key.address) {
                throw CLIError("a keystore for \(key.address.checksummed) already exists: \(existing.path)")
            }
            let file = try saveKeystore(key, password: password.newPassword(), kdf: kdf.value, in: directory)
            try printSaved(key.address, file: file, json: output.json)
        }
    }
}

func saveKeystore(
    _ key: Secp256k1.PrivateKey, password: String, kdf: Keystore.KDF, in directory: KeystoreDirectory
)
    throws -> URL
{
    let keystore = try Keystore.encrypt(privateKey: key, password: password, kdf: kdf)
    return try directory.write(keystore, address: key.address)
}

func printSaved(_ address: Address, file: URL, json: Bool) throws {
    if json {
        try Output.json(["address": address.checksummed, "path": file.path])
    } else {
        print("Address: \(address.checksummed)")
        print("Keystore: \(file.path)")
    }
}

func deriveAccounts(
    phrase: String, passphrase: String, count: UInt32, account: UInt32 = 0
) throws
    -> [(path: String, address: String)]
{
    let master = try ExtendedKey.master(seed: Mnemonic.seed(phrase: phrase, passphrase: passphrase))
    return try (0..<count).map { index in
        let path = DerivationPath.ethereum(index: index, account: account)
        return (path.description, try master.derive(path).publicKey.address.checksummed)
    }
}
