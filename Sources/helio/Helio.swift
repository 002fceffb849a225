import ArgumentParser

@main
struct Helio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helio",
        abstract: "Helio: an open registry for energy attribute tokens.",
        subcommands: []
    )
}
