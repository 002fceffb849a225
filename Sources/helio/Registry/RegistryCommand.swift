import ArgumentParser

/// `helio registry …`: create and inspect a registry's data folder.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "Create a registry.", subcommands: [Init.self])
}
