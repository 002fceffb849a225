import ArgumentParser
import Foundation
import HelioCrypto

/// Where keystore files live: `--keystore-dir`, else `$HELIO_KEYSTORE`, else `~/.helio/keystore`.
struct KeystoreDirOptions: ParsableArguments {
    @Option(name: .customLong("keystore-dir"), help: "Keystore folder (default $HELIO_KEYSTORE or ~/.helio/keystore).")
    var keystoreDir: String?

    var directory: KeystoreDirectory {
        if let keystoreDir { return KeystoreDirectory(url: URL(fileURLWithPath: keystoreDir)) }
        if let env = ProcessInfo.processInfo.environment["HELIO_KEYSTORE"], !env.isEmpty {
            return KeystoreDirectory(url: URL(fileURLWithPath: env))
        }
        let home = FileManager.default.homeDirectoryForCurrentUser
        return KeystoreDirectory(url: home.appendingPathComponent(".helio/keystore"))
    }
}

/// Password sources, in order: `--password-file`, `$HELIO_PASSWORD`, a prompt without echo.
struct PasswordOptions: ParsableArguments {
    @Option(name: .customLong("password-file"), help: "Read the password from the first line of this file.")
    var passwordFile: String?

    /// The password for an existing keystore.
    func password(prompt: String = "Password: ") throws -> String {
        try Self.resolve(file: passwordFile, env: "HELIO_PASSWORD", prompt: prompt, confirm: false)
    }

    /// A password for a new keystore: prompted twice when typed.
    func newPassword() throws -> String {
        try Self.resolve(file: passwordFile, env: "HELIO_PASSWORD", prompt: "New password: ", confirm: true)
    }

    static func resolve(file: String?, env: String, prompt: String, confirm: Bool) throws -> String {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError("cannot read password file \(file)")
            }
            let text = String(decoding: data, as: UTF8.self)
            return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
        if let value = ProcessInfo.processInfo.environment[env] { return value }
        let first = try PasswordPrompt.ask(prompt)
        if confirm {
            guard try PasswordPrompt.ask("Repeat password: ") == first else { throw CLIError("passwords do not match") }
        }
        return first
    }
}

/// The key-derivation function for keystores this command writes.
struct KDFOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable { case scrypt, pbkdf2 }

    @Option(help: "Key derivation: scrypt (geth's standard n=262144) or pbkdf2 (hmac-sha256, c=1000000).")
    var kdf: Kind = .scrypt

    @Flag(help: "Lighter scrypt (n=4096, p=6), as geth --lightkdf.")
    var light = false

    var value: Keystore.KDF {
        switch (kdf, light) {
        case (.scrypt, false): return Keystore.KDF.standardScrypt
        case (.scrypt, true): return Keystore.KDF.lightScrypt
        case (.pbkdf2, _): return Keystore.KDF.defaultPBKDF2
        }
    }
}

/// Where the signing key comes from: a keystore (by address or path), a raw key, or a mnemonic.
struct KeySourceOptions: ParsableArguments {
    @Option(help: "Address of a keystore in the keystore folder.")
    var account: String?

    @Option(help: "Path of a keystore file.")
    var keystore: String?

    @Option(
        name: .customLong("private-key"),
        help: "Raw private key (hex). Visible to other users in ps: prefer a keystore.")
    var privateKey: String?

    @Option(help: "BIP-39 mnemonic phrase.")
    var mnemonic: String?

    @Option(name: .customLong("mnemonic-index"), help: "Account index for m/44'/60'/0'/0/<index>.")
    var mnemonicIndex: UInt32 = 0

    @Option(name: .customLong("mnemonic-path"), help: "Full derivation path (overrides --mnemonic-index).")
    var mnemonicPath: String?

    @Option(name: .customLong("mnemonic-passphrase"), help: "BIP-39 passphrase.")
    var mnemonicPassphrase: String = ""

    @OptionGroup var keystoreDir: KeystoreDirOptions
    @OptionGroup var password: PasswordOptions

    var isGiven: Bool { account != nil || keystore != nil || privateKey != nil || mnemonic != nil }

    func validate() throws {
        let given = [account, keystore, privateKey, mnemonic].compactMap { $0 }.count
        if given > 1 { throw ValidationError("give only one of --account, --keystore, --private-key, --mnemonic") }
    }

    /// Resolves the key; throws a one-line error naming the problem.
    func resolve() throws -> Secp256k1.PrivateKey {
        if let privateKey { return try Secp256k1.PrivateKey(hex: privateKey) }
        if let mnemonic {
            let path = try mnemonicPath.map { try DerivationPath($0) } ?? DerivationPath.ethereum(index: mnemonicIndex)
            return try MnemonicDerivation.privateKey(phrase: mnemonic, passphrase: mnemonicPassphrase, path: path)
        }
        let file = try keystoreFile()
        return try keystoreFromFile(file).decrypt(password: password.password())
    }

    /// The keystore file named by `--keystore` or found by `--account`.
    func keystoreFile() throws -> URL {
        if let keystore { return URL(fileURLWithPath: keystore) }
        guard let account else {
            throw CLIError("no key given: use --account, --keystore, --private-key or --mnemonic")
        }
        return try KeystoreLookup.file(for: account, in: keystoreDir.directory)
    }
}

enum KeystoreLookup {
    static func file(for account: String, in directory: KeystoreDirectory) throws -> URL {
        let address = try Address(account)
        guard let url = try directory.find(address) else {
            throw CLIError("no keystore for \(address.checksummed) in \(directory.url.path)")
        }
        return url
    }
}

func keystoreFromFile(_ url: URL) throws -> Keystore {
    guard let data = FileManager.default.contents(atPath: url.path) else {
        throw CLIError("cannot read keystore file \(url.path)")
    }
    return try Keystore(json: Array(data))
}

enum MnemonicDerivation {
    static func privateKey(phrase: String, passphrase: String, path: DerivationPath) throws -> Secp256k1.PrivateKey {
        let seed = try Mnemonic.seed(phrase: phrase, passphrase: passphrase)
        guard let key = try ExtendedKey.master(seed: seed).derive(path).privateKey else {
            throw CLIError("derivation gave no private key")
        }
        return key
    }
}

/// `--json` for commands that print data.
struct JSONFlag: ParsableArguments {
    @Flag(help: "Print JSON.")
    var json = false
}
