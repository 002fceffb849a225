import ArgumentParser
import Foundation
import HelioCrypto
import HelioRegistry

extension LogCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every leaf hash and the Merkle root, and check every checkpoint's root and signature.")

        @OptionGroup var data: DataDirOptions
        @Option(help: "Require checkpoints to be signed by this address (default: the registry's checkpoint address).")
        var checkpointAddress: String?
        @OptionGroup var output: JSONFlag

        func run() throws {
            let (store, config) = try DataDirectory.openExisting(data.path)
            let signer = try checkpointAddress.map { try Address($0) } ?? config.checkpointAddress
            let report = try Auditor.verifyLog(store: store, checkpointSigner: signer)
            if output.json {
                try Output.json([
                    "entries": report.entries, "root": Hex.encode(report.root),
                    "checkpoints_verified": report.checkpointsVerified, "problems": report.problems, "ok": report.ok,
                ])
            } else {
                print("entries \(report.entries), root \(Hex.encode(report.root))")
                print("checkpoints verified: \(report.checkpointsVerified)")
                for p in report.problems { print("PROBLEM: \(p)") }
            }
            guard report.ok else { throw CLIError("log verification failed: \(report.problems.count) problem(s)") }
            if !output.json { print("OK: journal, Merkle nodes and checkpoints agree") }
        }
    }
}
