import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger
import HelioRegistry

/// `helio dev …`: tools for Helio's own tests (hidden from help).
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Tools for Helio's own tests.", shouldDisplay: false,
        subcommands: [AppendLoop.self])

    /// Appends signed transfers in a loop from two concurrent submitters and prints `ack <index>` for
    /// every entry once it is durable. The crash-safety test kills it with SIGKILL at random moments.
    struct AppendLoop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "append-loop")

        @OptionGroup var data: DataDirOptions
        @Option(help: "Stop after this many acknowledged entries (0 = never).") var max = 0

        func run() async throws {
            let store = try DataDirectory.openStore(data.path, database: data.database)
            let checkpointKey = Workload.key("checkpoint")
            let config =
                try RegistryConfig.load(from: store)
                ?? RegistryConfig(name: "crash-test", chainId: 7317, checkpointAddress: checkpointKey.address)
            try config.save(to: store)
            let writer = try LedgerWriter(
                store: store, domain: config.domain, checkpointKey: checkpointKey,
                checkpointOrigin: config.checkpointOrigin, checkpointEvery: 50)
            var setup = Workload(domain: config.domain, accountCount: 8, state: await writer.currentState)
            let setupCommands = try setup.setupCommands(state: await writer.currentState)
            if !setupCommands.isEmpty { try acknowledge(try await writer.submitSigned(setupCommands)) }
            let state = await writer.currentState
            try await withThrowingTaskGroup(of: Void.self) { group in
                for part in 0..<2 {
                    var workload = Workload(
                        domain: config.domain, accountCount: 4, state: state, accountOffset: part * 4)
                    group.addTask {
                        var rng = SystemRandomNumberGenerator()
                        while true {
                            let batch = try await workload.nextTransfers(Int.random(in: 1...40, using: &rng))
                            let acked = try acknowledge(try await writer.submitSigned(batch))
                            if max > 0, acked >= max { return }
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }

        /// Prints one line per durable entry; returns the highest acknowledged index + 1.
        @discardableResult
        func acknowledge(_ results: [Result<Receipt, LedgerError>]) throws -> Int {
            var highest = 0
            var lines = ""
            for r in results {
                let receipt = try r.get()
                lines += "ack \(receipt.index)\n"
                highest = Int(receipt.index) + 1
            }
            FileHandle.standardOutput.write(Data(lines.utf8))
            return highest
        }
    }
}
