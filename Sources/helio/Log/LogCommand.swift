import ArgumentParser
import HelioLog

/// `helio log …`: the registry's append-only Merkle log.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Inspect and verify the append-only Merkle log.",
        subcommands: [Verify.self, SelfTestJSON.self]
    )

    struct SelfTestJSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "selftest-json",
            abstract:
                "Print roots and proofs over the RFC 9162 reference leaves (checked by an independent implementation).")

        func run() {
            print(MerkleSelfTest.json(entries: MerkleSelfTest.referenceEntries), terminator: "")
        }
    }
}
