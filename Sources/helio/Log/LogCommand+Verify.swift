import ArgumentParser
import Foundation
import HelioCrypto
import HelioLog
import HelioRegistry

extension LogCommand {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every leaf hash and the Merkle root, and check every checkpoint's root and signature.",
            discussion: """
                With --against <file> (a signed checkpoint saved earlier, e.g. `curl -H 'Accept: text/plain' \
                …/v1/log/checkpoint`), also prove that today's log extends the one that checkpoint signed: \
                nothing before it was rewritten or removed. With --server, the check runs against a live \
                registry instead of a data folder: its latest signed checkpoint and a consistency proof \
                (GET /v1/log/consistency) from the saved one.
                """)

        @OptionGroup var data: DataDirOptions
        @Option(
            help:
                "Require checkpoints to be signed by this address (default: the registry's checkpoint address; with --server, the signer of the --against checkpoint)."
        )
        var checkpointAddress: String?
        @Option(help: "A signed checkpoint (its text form) that today's log must extend.")
        var against: String?
        @Option(help: "Check a running registry at this URL (needs --against) instead of a data folder.")
        var server: String?
        @OptionGroup var output: JSONFlag

        func validate() throws {
            if server != nil, against == nil { throw ValidationError("--server needs --against <checkpoint file>") }
            if server != nil, data.dataDir != nil { throw ValidationError("give --server or --data-dir, not both") }
        }

        func run() async throws {
            let saved = try against.map(Self.readCheckpoint)
            let signer = try checkpointAddress.map { try Address($0) }
            if let server, let saved {
                try await verifyRemote(HTTPClient(base: server), saved: saved, signer: signer ?? saved.claimedSigner)
            } else {
                try verifyLocal(saved: saved, signer: signer)
            }
        }

        static func readCheckpoint(_ path: String) throws -> SignedCheckpoint {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("cannot read the checkpoint file \(path)")
            }
            do { return try SignedCheckpoint(text: String(decoding: data, as: UTF8.self)) } catch {
                throw CLIError("\(path) is not a signed checkpoint: \(error.message)")
            }
        }

        /// The saved checkpoint is signed by `signer`, and a tree of `size` leaves with root `root` extends it.
        static func extends(
            _ saved: SignedCheckpoint, signer: Address, size: UInt64, root: [UInt8], proof: [[UInt8]]
        ) throws {
            guard saved.verify(expectedSigner: signer) else {
                throw CLIError("the saved checkpoint is not signed by \(signer.checksummed)")
            }
            let old = saved.checkpoint
            guard old.treeSize <= size else {
                throw CLIError(
                    "the saved checkpoint has \(old.treeSize) entries, the log only \(size): the log was cut")
            }
            guard
                Merkle.verifyConsistency(
                    oldSize: old.treeSize, newSize: size, oldRoot: old.rootHash, newRoot: root, proof: proof)
            else {
                throw CLIError(
                    "INCONSISTENT: the log of \(size) entries does not extend the saved checkpoint of "
                        + "\(old.treeSize) entries (root \(Hex.encode(old.rootHash, prefixed: true))): history was rewritten"
                )
            }
        }

        private func verifyLocal(saved: SignedCheckpoint?, signer: Address?) throws {
            let (store, config) = try DataDirectory.openExisting(data.path, database: data.database)
            let signer = signer ?? config.checkpointAddress
            let report = try Auditor.verifyLog(store: store, checkpointSigner: signer)
            var extends: UInt64? = nil
            if let saved, report.ok {
                guard let signer else {
                    throw CLIError("this registry has no checkpoint address: give --checkpoint-address")
                }
                let proof = try store.consistencyProof(oldSize: saved.checkpoint.treeSize, newSize: report.entries)
                try Self.extends(saved, signer: signer, size: report.entries, root: report.root, proof: proof)
                extends = saved.checkpoint.treeSize
            }
            if output.json {
                var fields: [String: Any] = [
                    "entries": report.entries, "root": Hex.encode(report.root),
                    "checkpoints_verified": report.checkpointsVerified, "problems": report.problems, "ok": report.ok,
                ]
                if let extends { fields["extends"] = extends }
                try Output.json(fields)
            } else {
                print("entries \(report.entries), root \(Hex.encode(report.root))")
                print("checkpoints verified: \(report.checkpointsVerified)")
                for p in report.problems { print("PROBLEM: \(p)") }
            }
            guard report.ok else { throw CLIError("log verification failed: \(report.problems.count) problem(s)") }
            if !output.json {
                print("OK: journal, Merkle nodes and checkpoints agree")
                if let extends { print("OK: the log extends the saved checkpoint of \(extends) entries") }
            }
        }

        private func verifyRemote(_ client: HTTPClient, saved: SignedCheckpoint, signer: Address) async throws {
            let reply = try await client.get("/v1/log/checkpoint")
            guard reply.status == 200 else { throw reply.problem() }
            guard case .string(let text) = try reply.json()["text"], let latest = try? SignedCheckpoint(text: text)
            else { throw CLIError("\(client.base)/v1/log/checkpoint did not answer a signed checkpoint") }
            guard latest.verify(expectedSigner: signer) else {
                throw CLIError("the registry's latest checkpoint is not signed by \(signer.checksummed)")
            }
            guard latest.checkpoint.origin == saved.checkpoint.origin else {
                throw CLIError(
                    "the registry's checkpoint is for \(latest.checkpoint.origin), the saved one for \(saved.checkpoint.origin)"
                )
            }
            let (from, to) = (saved.checkpoint.treeSize, latest.checkpoint.treeSize)
            var proof: [[UInt8]] = []
            if from <= to {
                let answer = try await client.get("/v1/log/consistency?from=\(from)&to=\(to)")
                guard answer.status == 200 else { throw answer.problem() }
                guard case .array(let steps) = try answer.json()["proof"] else {
                    throw CLIError("\(client.base)/v1/log/consistency did not answer a proof")
                }
                proof = try steps.map { step in
                    guard case .string(let hex) = step, let bytes = try? Hex.decode(hex) else {
                        throw CLIError("\(client.base)/v1/log/consistency answered a malformed proof")
                    }
                    return bytes
                }
            }
            try Self.extends(saved, signer: signer, size: to, root: latest.checkpoint.rootHash, proof: proof)
            if output.json {
                try Output.json([
                    "from": from, "to": to, "root": Hex.encode(latest.checkpoint.rootHash), "consistent": true,
                    "signer": signer.checksummed,
                ])
            } else {
                print("OK: \(client.base)'s checkpoint of \(to) entries extends the saved one of \(from) entries")
                print(
                    "    both signed by \(signer.checksummed); root \(Hex.encode(latest.checkpoint.rootHash, prefixed: true))"
                )
            }
        }
    }
}
