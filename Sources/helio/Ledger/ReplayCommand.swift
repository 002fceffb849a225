import ArgumentParser
import Foundation
import HelioCrypto
import HelioRegistry

/// `helio replay`: rebuild every projection from the journal alone and compare state digests.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild the state from the journal alone (re-verifying every signature) and compare digests.")

    @OptionGroup var data: DataDirOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let (store, config) = try DataDirectory.openExisting(data.path, database: data.database)
        let started = Date()
        let report = try Auditor.replay(store: store, domain: config.domain)
        let seconds = Date().timeIntervalSince(started)
        if output.json {
            try Output.json([
                "entries": report.entries, "replayed_digest": Hex.encode(report.replayedDigest),
                "stored_digest": Hex.encode(report.storedDigest), "matches": report.matches, "seconds": seconds,
            ])
        } else {
            print("replayed \(report.entries) entries in \(String(format: "%.2f", seconds)) s")
            print("state digest (replayed) \(Hex.encode(report.replayedDigest))")
            print("state digest (stored)   \(Hex.encode(report.storedDigest))")
        }
        guard report.matches else { throw CLIError("replayed state differs from the stored projections") }
        if !output.json { print("OK: the stored state is exactly the journal's") }
    }
}
