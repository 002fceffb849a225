import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore

/// Why a statement could not be made (the server maps `notFound` to 404, the rest to 409/503).
public struct StatementError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable { case notFound = "not_found", noCheckpoint = "no_checkpoint" }
    public let code: Code
    public let message: String
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}

/// Builds cancellation statements (docs/certificates.md): the cancellation entry, its lot and lineage,
/// inclusion proofs of every entry involved, one signed checkpoint covering them all, and the
/// beneficiary opening. Everything a third party needs to check it offline with `helio verify` or the
/// independent Python verifier.
public struct StatementBuilder: Sendable {
    public static let format = "helio-cancellation-statement/v1"
    public static let aggregateFormat = "helio-aggregate-statement/v1"

    let registry: Registry

    public init(registry: Registry) { self.registry = registry }

    /// What the writer's state says about one cancellation.
    private struct Facts: Sendable {
        let cancellation: Cancellation
        let lot: CertificateLot
        let lineage: [CertificatePart]
    }

    private func facts(_ id: UInt64) async throws(StatementError) -> Facts {
        let found = await registry.writer.read { s -> Facts? in
            guard let c = s.certificates.cancellations[id], let lot = s.certificates.lots[c.lot] else { return nil }
            return Facts(cancellation: c, lot: lot, lineage: s.certificates.lineage(c.part))
        }
        guard let found else { throw StatementError(code: .notFound, message: "no cancellation \(id)") }
        return found
    }

    /// The latest checkpoint, or a new one when it does not cover entry `index` yet.
    private func checkpoint(covering index: UInt64) async throws -> SignedCheckpoint {
        let store = registry.store
        if let latest = try await Blocking.run({ try store.latestCheckpoint() }), latest.checkpoint.treeSize > index {
            return latest
        }
        do { return try await registry.writer.signCheckpoint() } catch {
            throw StatementError(
                code: .noCheckpoint,
                message: "no signed checkpoint covers entry \(index) yet, and this server signs none")
        }
    }

    public func cancellation(_ id: UInt64) async throws -> JSONValue {
        let facts = try await facts(id)
        let checkpoint = try await checkpoint(covering: id)
        return try await document(facts, checkpoint: checkpoint)
    }

    /// Every cancellation for the beneficiary named `name` whose consumption period lies in [from, to),
    /// under one checkpoint.
    public func aggregate(beneficiary name: String, from: Int64, to: Int64) async throws -> JSONValue {
        let candidates = await registry.writer.read { s in
            s.certificates.cancellations.values.filter { $0.consumptionStart >= from && $0.consumptionEnd <= to }
                .map(\.entry).sorted()
        }
        let store = registry.store
        let ids = try await Blocking.run {
            try candidates.filter { try store.beneficiaryOpening(cancellation: $0)?.name == name }
        }
        guard let last = ids.last else {
            throw StatementError(
                code: .notFound, message: "no cancellation for \(name.debugDescription) in [\(from), \(to))")
        }
        let checkpoint = try await checkpoint(covering: last)
        var statements: [JSONValue] = []
        var total: UInt64 = 0
        for id in ids {
            let facts = try await facts(id)
            total += facts.cancellation.volumeWh
            statements.append(try await document(facts, checkpoint: checkpoint))
        }
        return .object([
            .init("format", .string(Self.aggregateFormat)), .init("beneficiary", .string(name)),
            .init("from", .integer(from)), .init("to", .integer(to)), .init("totalWh", .integer(total)),
            .init("statements", .array(statements)),
        ])
    }

    private func document(_ facts: Facts, checkpoint: SignedCheckpoint) async throws -> JSONValue {
        let store = registry.store
        let size = checkpoint.checkpoint.treeSize
        let indices = [facts.cancellation.entry] + facts.lineage.map(\.entry)
        let (proven, opening) = try await Blocking.run {
            () throws -> ([UInt64: (JournalEntry, [[UInt8]])], BeneficiaryOpening?) in
            var out: [UInt64: (JournalEntry, [[UInt8]])] = [:]
            for i in indices where out[i] == nil {
                guard let entry = try store.entries(from: i, limit: 1).first?.entry else {
                    throw StoreError(.corrupt, "entry \(i) is missing")
                }
                out[i] = (entry, try store.inclusionProof(index: i, treeSize: size))
            }
            return (out, try store.beneficiaryOpening(cancellation: facts.cancellation.entry))
        }
        let cosignatures = try await Blocking.run { try store.cosignatures(treeSize: size) }
        let config = registry.config
        let (entry, proof) = proven[facts.cancellation.entry]!
        let lineage: [JSONValue] = facts.lineage.map { p in
            let (e, path) = proven[p.entry]!
            return .object([
                .init("part", .string(p.id)), .init("parent", p.parent.map { .string($0) } ?? .null),
                .init("owner", .string(p.owner.checksummed)), .init("volumeWh", .integer(p.createdWh)),
                .init("entry", CertificateJSON.entry(e)), .init("inclusionProof", CertificateJSON.proof(path)),
            ])
        }
        return .object([
            .init("format", .string(Self.format)),
            .init(
                "registry",
                .object([
                    .init("name", .string(config.name)), .init("chainId", .integer(config.chainId)),
                    .init("checkpointAddress", .string(config.checkpointAddress?.checksummed ?? "")),
                ])),
            .init("cancellation", CertificateJSON.cancellation(facts.cancellation)),
            .init("entry", CertificateJSON.entry(entry)), .init("inclusionProof", CertificateJSON.proof(proof)),
            .init("checkpoint", .string(checkpoint.text)), .init("lot", CertificateJSON.lot(facts.lot)),
            .init("lineage", .array(lineage)), .init("beneficiary", CertificateJSON.opening(opening)),
            .init("cosignatures", .array(cosignatures.map(CertificateJSON.cosignature))),
        ])
    }
}
