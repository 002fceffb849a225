import ArgumentParser
import Foundation
import HelioCrypto

extension WalletCommand {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the keystore of an address from the keystore folder (asks for --yes).")
        @Argument(help: "Address of the keystore to delete.") var address: String
        @Flag(help: "Confirm the deletion: without a backup the key is gone for good.") var yes = false
        @OptionGroup var keystoreDir: KeystoreDirOptions

        func run() throws {
            let url = try KeystoreLookup.file(for: address, in: keystoreDir.directory)
            guard yes else { throw CLIError("refusing to delete \(url.path) without --yes") }
            do { try FileManager.default.removeItem(at: url) } catch {
                throw CLIError("cannot delete \(url.path): \(error.localizedDescription)")
            }
            print("Removed \(url.path)")
        }
    }

    struct ChangePassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change-password",
            abstract: "Re-encrypt a keystore under a new password (same KDF, fresh salt and IV), atomically.")
        @Argument(help: "Keystore file, or the address of a keystore in the keystore folder.") var keystore: String
        @Option(name: .customLong("new-password-file"), help: "Read the new password from this file.")
        var newPasswordFile: String?
        @OptionGroup var keystoreDir: KeystoreDirOptions
        @OptionGroup var password: PasswordOptions

        func run() throws {
            let url =
                FileManager.default.fileExists(atPath: keystore)
                ? URL(fileURLWithPath: keystore) : try KeystoreLookup.file(for: keystore, in: keystoreDir.directory)
            let old = try keystoreFromFile(url)
            let key = try old.decrypt(password: password.password(prompt: "Current password: "))
            let newPassword = try PasswordOptions.resolve(
                file: newPasswordFile, env: "HELIO_NEW_PASSWORD", prompt: "New password: ", confirm: true)
            let fresh = try Keystore.encrypt(privateKey: key, password: newPassword, kdf: old.kdf)
            try KeystoreDirectory.replace(url, with: fresh)
            print("Password changed for \(key.address.checksummed) (\(url.path))")
        }
    }
}
