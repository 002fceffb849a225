import ArgumentParser
import Foundation
import HelioCrypto

/// The keystore that signs what the admin and oracle commands send: `--keystore FILE`, or
/// `--account ADDRESS` looked up in `--keys-dir` (default `$HELIO_KEYSTORE`, else `~/.helio/keystore`,
/// as the wallet commands). The password comes from `--password-file` or `HELIO_PASSWORD` (or a prompt).
///
/// The signer's address is `--account`, not `--address`: `admin register-oracle --address` names the
/// oracle being registered.
struct SignerOptions: ParsableArguments {
    @Option(help: "Path of the signing keystore file.")
    var keystore: String?

    @Option(help: "Address of the signing keystore in --keys-dir.")
    var account: String?

    @Option(
        name: [.customLong("keys-dir"), .customLong("keystore-dir")],
        help: "Keystore folder for --account (default $HELIO_KEYSTORE or ~/.helio/keystore).")
    var keysDir: String?

    @OptionGroup var password: PasswordOptions

    func validate() throws {
        if keystore != nil && account != nil { throw ValidationError("give --keystore or --account, not both") }
        if keystore == nil && account == nil {
            throw ValidationError("no signing key: give --keystore FILE, or --account ADDRESS (with --keys-dir)")
        }
        if let account, (try? Address(account)) == nil {
            throw ValidationError("--account \(account) is not an address")
        }
    }

    /// Reads and decrypts the keystore.
    func key() throws -> Secp256k1.PrivateKey {
        let file: URL
        if let keystore {
            file = URL(fileURLWithPath: keystore)
        } else {
            file = try KeystoreLookup.file(for: account ?? "", in: directory)
        }
        return try keystoreFromFile(file).decrypt(password: password.password())
    }

    var directory: KeystoreDirectory {
        if let keysDir { return KeystoreDirectory(url: URL(fileURLWithPath: keysDir)) }
        if let env = ProcessInfo.processInfo.environment["HELIO_KEYSTORE"], !env.isEmpty {
            return KeystoreDirectory(url: URL(fileURLWithPath: env))
        }
        let home = FileManager.default.homeDirectoryForCurrentUser
        return KeystoreDirectory(url: home.appendingPathComponent(".helio/keystore"))
    }
}
