import ArgumentParser
import HelioCrypto
import HelioLedger

extension AdminCommand {
    struct RegisterOracle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register-oracle", abstract: "Register an oracle's key (RegisterOracle).")

        @Option(help: "The oracle's address.")
        var address: String

        @Option(help: "A name for the oracle (a meter, a data hub).")
        var name: String

        @OptionGroup var options: AdminOptions

        func validate() throws { _ = try addressOption(address, "--address") }

        func run() async throws {
            try await options.send(.registerOracle(.init(oracle: try addressOption(address, "--address"), name: name)))
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign oracles to a meter from a time on (AssignOracles).")

        @Option(help: "The meter's id.")
        var meter: String

        @Option(name: .customLong("oracle"), help: "An oracle's address (repeat for several).")
        var oracles: [String] = []

        @Option(help: "How many of the oracles must attest the same value before a period is issued.")
        var quorum: UInt8 = 1

        @Option(
            name: .customLong("valid-from"),
            help: "From when: unix seconds or ISO 8601 UTC (2026-06-21T00:00:00Z).")
        var validFrom: String

        @OptionGroup var options: AdminOptions

        func validate() throws {
            guard !oracles.isEmpty else { throw ValidationError("give at least one --oracle") }
            for o in oracles { _ = try addressOption(o, "--oracle") }
            guard UnixTime.parse(validFrom) != nil else {
                throw ValidationError("--valid-from must be unix seconds or ISO 8601 UTC (2026-06-21T00:00:00Z)")
            }
        }

        func run() async throws {
            let body = Command.AssignOracles(
                meter: meter, oracles: try oracles.map { try addressOption($0, "--oracle") }, quorum: quorum,
                validFrom: UnixTime.parse(validFrom) ?? 0)
            try await options.send(.assignOracles(body))
        }
    }

    struct SuspendOracle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suspend-oracle", abstract: "Suspend an oracle: its readings are refused (SetOracleStatus).")

        @Option(help: "The oracle's address.")
        var oracle: String

        @Option(help: "Why (recorded in the journal).")
        var reason: String

        @OptionGroup var options: AdminOptions

        func validate() throws { _ = try addressOption(oracle, "--oracle") }

        func run() async throws {
            try await options.send(
                .setOracleStatus(.init(oracle: try addressOption(oracle, "--oracle"), active: false, reason: reason)))
        }
    }

    struct ReinstateOracle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reinstate-oracle", abstract: "Reinstate a suspended oracle (SetOracleStatus).")

        @Option(help: "The oracle's address.")
        var oracle: String

        @Option(help: "Why (recorded in the journal).")
        var reason: String

        @OptionGroup var options: AdminOptions

        func validate() throws { _ = try addressOption(oracle, "--oracle") }

        func run() async throws {
            try await options.send(
                .setOracleStatus(.init(oracle: try addressOption(oracle, "--oracle"), active: true, reason: reason)))
        }
    }
}
