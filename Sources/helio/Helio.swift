import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore

/// The `helio` command line: one tree of noun/verb subcommands.
///
/// Errors from the domain (CryptoError, CLIError) are printed as ONE line on standard error,
/// `helio: error: <message>`, with exit status 1; argument errors keep ArgumentParser's usage output
/// and its exit status 64.
@main
struct Helio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helio",
        abstract: "Helio: an open registry for energy attribute tokens.",
        version: "0.1.0",
        subcommands: [
            WalletCommand.self, RegistryCommand.self, ServeCommand.self, ReplayCommand.self, LogCommand.self,
            BenchCommand.self, DevCommand.self,
            AdminCommand.self,
            OracleCommand.self, CertCommand.self, VerifyCommand.self,
            WatchCommand.self, DemoCommand.self, WitnessCommand.self,
        ]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CryptoError {
            failOneLine(error.message)
        } catch let error as CLIError {
            failOneLine(error.message)
        } catch let error as LedgerError {
            failOneLine(error.message)
        } catch let error as StoreError {
            failOneLine(error.message)
        } catch let error as LogError {
            failOneLine(error.message)
        } catch {
            exit(withError: error)
        }
    }

    static func failOneLine(_ message: String) -> Never {
        FileHandle.standardError.write(Data("helio: error: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
