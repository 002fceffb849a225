import ArgumentParser

/// `helio oracle …`: what a meter's oracle does — sign readings, submit them, or simulate a solar meter.
struct OracleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oracle",
        abstract: "Sign meter readings (EIP-712), submit them to a registry, or simulate a solar meter.",
        subcommands: [Sign.self, Submit.self, Simulate.self])
}
