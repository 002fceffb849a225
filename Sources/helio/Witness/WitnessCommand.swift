import ArgumentParser
import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioRegistry
import HelioStore

/// `helio witness`: follows a registry from outside, checks it, and co-signs what it has checked.
///
/// Each round: fetch the registry's latest signed checkpoint; check its signature (the registry key is
/// pinned on first contact, or given); check it is consistent with the last checkpoint this witness
/// verified (RFC 9162 consistency proof); fetch the new journal entries, recompute each leaf hash,
/// re-verify each signature and re-apply each entry to the witness's own copy of the state
/// (`JournalReplay`, as `helio replay` does); recompute the root at the checkpoint's size. Only if all of
/// that holds does it co-sign the checkpoint (`Cosignature`) and send the co-signature to the registry.
/// Anything else is a fork (the registry signed two histories) or a refusal: no co-signature, evidence
/// saved in `<data-dir>/evidence/`, one line and exit 1.
struct WitnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Follow a registry, verify every checkpoint and entry, replay its state, co-sign its checkpoints.",
        discussion: """
            The data folder keeps the witness key (witness.key, created on first run), the registry key it \
            trusts, and a replica of the journal and state it has verified (witness.sqlite). On a fork, the \
            two conflicting registry-signed checkpoints and the proof are saved in <data-dir>/evidence/.
            """)

    @Option(help: ArgumentHelp("The registry's base URL (http://host:port).", valueName: "url"))
    var registry: String

    @Option(name: .customLong("data-dir"), help: "The witness's folder (default ./helio-witness).")
    var dataDir: String = "helio-witness"

    @Option(
        name: .customLong("registry-address"),
        help: "The registry's checkpoint address to trust (default: the one first seen, then pinned).")
    var registryAddress: String?

    @Flag(help: "Verify and co-sign once, then exit (default: follow until stopped).")
    var once = false

    @Option(help: "Seconds between rounds when following (default 2).")
    var interval: Int = 2

    @Flag(help: "One JSON object per co-signed checkpoint.")
    var json = false

    func validate() throws {
        guard (1...3600).contains(interval) else { throw ValidationError("--interval must be 1…3600 seconds") }
        if let registryAddress, (try? Address(registryAddress)) == nil {
            throw ValidationError("--registry-address \(registryAddress) is not an address")
        }
    }

    func run() async throws {
        let client = try HTTPClient(base: registry)
        var witness = try Witness(folder: dataDir, registry: client, pinned: registryAddress.map { try Address($0) })
        if !json {
            print("witness \(witness.key.address.checksummed) follows \(client.base)")
        }
        while true {
            if let cosigned = try await witness.round() {
                report(cosigned, witness: witness)
            }
            // Each round's line at once, also into a pipe or a log file (a witness runs unattended).
            fflush(nil)
            if once { return }
            try await Task.sleep(for: .seconds(interval))
        }
    }

    private func report(_ c: Witness.Cosigned, witness: Witness) {
        if json {
            try? Output.json([
                "witness": witness.key.address.checksummed, "treeSize": c.treeSize,
                "root": Hex.encode(c.root, prefixed: true), "entriesVerified": c.entriesVerified,
                "registryAddress": witness.registryAddress?.checksummed ?? "",
            ])
        } else {
            print(
                "cosigned \(c.treeSize) entries, root \(Hex.encode(c.root, prefixed: true)) "
                    + "(\(c.entriesVerified) new entries verified and replayed)")
        }
    }
}
