import Foundation
import HelioCrypto
import HelioLedger
import HelioLog

/// The witness's requests to the registry, and its evidence when the registry misbehaves.
extension Witness {
    mutating func fetchCheckpoint() async throws -> SignedCheckpoint {
        let reply = try await client.get("/v1/log/checkpoint")
        guard case .string(let text) = try reply.json()["text"], let signed = try? SignedCheckpoint(text: text) else {
            throw CLIError("\(client.base)/v1/log/checkpoint did not answer a signed checkpoint")
        }
        let signer: Address
        do { signer = try signed.signer() } catch {
            throw CLIError("the registry's checkpoint signature does not recover")
        }
        if let trusted = registryAddress {
            guard signer == trusted, signed.verify(expectedSigner: trusted) else {
                throw CLIError(
                    "the registry's checkpoint is signed by \(signer.checksummed), not the trusted \(trusted.checksummed)"
                )
            }
        } else {
            registryAddress = signer
            try replica.setSetting("witness.registry_address", signer.checksummed)
            try replica.setSetting("witness.registry_url", client.base)
        }
        return signed
    }

    func fetchConsistency(from: UInt64, to: UInt64) async throws -> [[UInt8]] {
        let reply = try await client.get("/v1/log/consistency?from=\(from)&to=\(to)")
        guard case .array(let steps) = try reply.json()["proof"] else {
            throw CLIError("\(client.base)/v1/log/consistency did not answer a proof")
        }
        return try steps.map { try Self.hex($0, "consistency proof") }
    }

    func fetchEntries(from: UInt64, limit: Int) async throws -> [(JournalEntry, [UInt8])] {
        let reply = try await client.get("/v1/log/entries?from=\(from)&limit=\(limit)")
        guard case .array(let items) = try reply.json()["entries"] else {
            throw CLIError("\(client.base)/v1/log/entries did not answer entries")
        }
        return try items.map { item in
            guard case .string(let kind) = item["kind"], case .number(let index) = item["index"],
                case .number(let time) = item["time"], case .string(let author) = item["author"],
                let index = UInt64(index), let time = Int64(time)
            else { throw CLIError("\(client.base)/v1/log/entries answered a malformed entry") }
            let entry = JournalEntry(
                index: index, time: time, kind: kind, author: try Address(author),
                payload: try Self.hex(item["payload"], "entry payload"))
            return (entry, try Self.hex(item["leafHash"], "leaf hash"))
        }
    }

    func send(_ c: Cosignature) async throws {
        let body: [String: Any] = [
            "treeSize": c.treeSize, "witness": c.witness.checksummed, "timestamp": c.timestamp,
            "signature": Hex.encode(c.signature.bytes, prefixed: true),
        ]
        let reply = try await client.post(
            "/v1/log/cosignatures", body: Array(try JSONSerialization.data(withJSONObject: body)))
        guard reply.status == 201 else { throw reply.problem() }
    }

    private static func hex(_ value: JSONValue?, _ what: String) throws -> [UInt8] {
        guard case .string(let text) = value, let bytes = try? Hex.decode(text) else {
            throw CLIError("the registry answered a malformed \(what)")
        }
        return bytes
    }

    /// Saves the evidence of a fork (two registry-signed checkpoints that cannot both be true) and stops.
    func fork(
        _ detail: String, verified: SignedCheckpoint?, conflicting: SignedCheckpoint, witnessRoot: [UInt8]?,
        proof: [[UInt8]]?
    ) throws -> Never {
        var evidence: [String: Any] = [
            "kind": "fork", "detail": detail, "registry": client.base,
            "registryAddress": registryAddress?.checksummed ?? "", "witness": key.address.checksummed,
            "detectedAt": Int64(Date().timeIntervalSince1970), "conflictingCheckpoint": conflicting.text,
        ]
        if let verified { evidence["verifiedCheckpoint"] = verified.text }
        if let witnessRoot { evidence["witnessRoot"] = Hex.encode(witnessRoot, prefixed: true) }
        if let proof { evidence["consistencyProof"] = proof.map { Hex.encode($0, prefixed: true) } }
        let path = try save(evidence, name: "fork-\(conflicting.checkpoint.treeSize)")
        throw CLIError("FORK: \(detail); not co-signed; evidence in \(path)")
    }

    /// Refuses to co-sign a log whose entries do not verify, with the evidence.
    func refuse(_ detail: String, conflicting: SignedCheckpoint) throws -> Never {
        let evidence: [String: Any] = [
            "kind": "invalid-entry", "detail": detail, "registry": client.base,
            "registryAddress": registryAddress?.checksummed ?? "", "witness": key.address.checksummed,
            "detectedAt": Int64(Date().timeIntervalSince1970), "conflictingCheckpoint": conflicting.text,
        ]
        let path = try save(evidence, name: "invalid-\(conflicting.checkpoint.treeSize)")
        throw CLIError("REFUSED: \(detail); not co-signed; evidence in \(path)")
    }

    private func save(_ evidence: [String: Any], name: String) throws -> String {
        let directory = (folder as NSString).appendingPathComponent("evidence")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("\(name).json")
        let data = try JSONSerialization.data(withJSONObject: evidence, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}
