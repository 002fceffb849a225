import Foundation
import HelioCrypto
import HelioLedger

/// What became of one submitted reading.
public struct ReadingResult: Sendable, Hashable {
    /// The reading's id (its EIP-712 signing digest).
    public let id: [UInt8]
    /// The recovered oracle, when the signature was well-formed.
    public let oracle: Address?
    public let verdict: ReadingVerdict
    /// The journal entry that recorded it (accepted readings only).
    public let entry: UInt64?
}

/// The ingestion pipeline: signatures recovered on all cores, then the single writer decides each
/// reading (`LedgerState.ingest`) and appends one journal entry per oracle of the request, all in the
/// same group commit; the reply waits until they are durable.
///
/// Journal entries (docs/journal-format.md):
/// - kind `Readings`, author = the oracle: `{"readings": [reading + "signature"…]}` — the accepted readings,
///   each with its own signature.
/// - kind `ReadingBatch`, author = the oracle: `{"accepted": [i…], "readings": [reading…], "signature": "0x…"}`
///   — ALL the batch's readings (the signature covers their root) and the positions accepted.
extension LedgerWriter {
    /// Individually signed readings (`POST /v1/readings`). Results keep the input order.
    public func ingest(_ signed: [SignedReading]) async throws -> [ReadingResult] {
        let domain = self.domain
        let recovered = await ParallelMap.map(signed) { s -> (id: [UInt8], oracle: Address?) in
            let id = ReadingTypedData.signingDigest(s.reading, domain: domain)
            let oracle = try? Secp256k1.Signature(bytes: s.signature).recoverAddress(digest: id)
            return (id, oracle)
        }
        var results = [ReadingResult?](repeating: nil, count: signed.count)
        var groups: [Address: [Int]] = [:]
        var order: [Address] = []
        for (i, r) in recovered.enumerated() {
            guard let oracle = r.oracle else {
                results[i] = ReadingResult(
                    id: r.id, oracle: nil,
                    verdict: .rejected(ReadingRejection(.badSignature, "not a valid low-S secp256k1 signature")),
                    entry: nil)
                continue
            }
            if groups[oracle] == nil { order.append(oracle) }
            groups[oracle, default: []].append(i)
        }
        var last: UInt64? = nil
        try await ensureLease()  // nothing suspends between here and the last append
        for oracle in order {
            let positions = groups[oracle]!
            let attested = positions.map {
                AttestedReading(reading: signed[$0].reading, oracle: oracle, id: recovered[$0].id)
            }
            var verdicts: [ReadingVerdict] = []
            let entry = append(kind: "Readings", author: oracle) { state, context in
                let (v, outcome) = state.ingest(attested, context: context)
                verdicts = v
                let accepted = zip(positions, v).filter { $0.1.isAccepted }.map { signed[$0.0] }
                guard !accepted.isEmpty else { return nil }
                return (ReadingPayload.readings(accepted), outcome)
            }
            if let entry { last = entry }
            for (p, v) in zip(positions, verdicts) {
                results[p] = ReadingResult(
                    id: recovered[p].id, oracle: oracle, verdict: v, entry: v.isAccepted ? entry : nil)
            }
        }
        if let last { try await waitUntilDurable(last) }
        return results.map { $0! }
    }

    /// Batch-signed readings (`POST /v1/reading-batches`): one recovery for the batch. When the sender
    /// states the root it signed (`claimedRoot`), a different computed root refuses the whole batch with
    /// `BatchRootMismatch` before anything is decided.
    public func ingest(
        batch: SignedReadingBatch, claimedRoot: [UInt8]? = nil
    ) async throws -> (
        root: [UInt8], results: [ReadingResult]
    ) {
        let domain = self.domain
        let hashes = await ParallelMap.map(batch.readings) { ReadingTypedData.hashStruct($0) }
        let root = ReadingBatchRoot.root(hashes)
        if let claimedRoot, claimedRoot != root { throw BatchRootMismatch(computed: root, claimed: claimedRoot) }
        let ids = hashes.map { ReadingTypedData.signingDigest(hashStruct: $0, domain: domain) }
        let digest = ReadingTypedData.batchSigningDigest(
            root: root, count: UInt64(batch.readings.count), domain: domain)
        guard let oracle = try? Secp256k1.Signature(bytes: batch.signature).recoverAddress(digest: digest) else {
            let rejection = ReadingRejection(.badSignature, "not a valid low-S secp256k1 signature")
            return (root, ids.map { ReadingResult(id: $0, oracle: nil, verdict: .rejected(rejection), entry: nil) })
        }
        let attested = zip(batch.readings, ids).map { AttestedReading(reading: $0, oracle: oracle, id: $1) }
        var verdicts: [ReadingVerdict] = []
        try await ensureLease()
        let entry = append(kind: "ReadingBatch", author: oracle) { state, context in
            let (v, outcome) = state.ingest(attested, context: context)
            verdicts = v
            let accepted = v.indices.filter { v[$0].isAccepted }
            guard !accepted.isEmpty else { return nil }
            return (ReadingPayload.batch(batch, accepted: accepted), outcome)
        }
        if let entry { try await waitUntilDurable(entry) }
        let results = zip(ids, verdicts).map { id, v in
            ReadingResult(id: id, oracle: oracle, verdict: v, entry: v.isAccepted ? entry : nil)
        }
        return (root, results)
    }
}

/// A batch whose readings hash to another root than the one its sender stated.
public struct BatchRootMismatch: Error, Sendable, Hashable {
    public let computed: [UInt8]
    public let claimed: [UInt8]
}

extension ReadingVerdict {
    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}

/// Splits pure work across the cores, keeping the input order (signature recovery, hashing).
public enum ParallelMap {
    /// - Parameter minimumPerWorker: below this many items per core the work stays on this thread
    ///   (spawning tasks costs more than a few cheap items).
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], minimumPerWorker: Int = 64, _ transform: @escaping @Sendable (T) -> R
    ) async -> [R] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / max(1, minimumPerWorker)))
        if workers == 1 { return items.map(transform) }
        let chunk = (items.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [R]).self) { group in
            for w in 0..<workers {
                let slice = Array(items[(w * chunk)..<min(items.count, (w + 1) * chunk)])
                group.addTask { (w, slice.map(transform)) }
            }
            var parts = [[R]](repeating: [], count: workers)
            for await (w, part) in group { parts[w] = part }
            return parts.flatMap { $0 }
        }
    }
}
