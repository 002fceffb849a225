import HelioLedger
import NIOCore
import PostgresNIO

extension PostgresLedgerStore {
    /// Appends a batch in ONE transaction, checked as SQLite's `commit` is (consecutive indices, exactly
    /// the Merkle nodes its leaves freeze, a block that continues the chain), and first of all: the
    /// `journal_head` row must still say (first index, the leaf hash of entry first − 1). If another node
    /// appended since this one last looked, no row matches, nothing is written and the call throws
    /// `.outOfOrder` (the writer then catches up and tries again). Tables are written with one
    /// `unnest` statement each. When it returns, PostgreSQL has committed (and, with synchronous_commit
    /// on, flushed) the batch.
    public func commit(_ batch: CommitBatch) throws {
        guard let (first, end, upperNodes) = try batch.checkedShape() else { return }
        let firstSeq = try Column.int64(first, "entry index")
        let endSeq = try Column.int64(end, "entry index")
        let previousLeaf = try previousLeafHash(first: first, batch: batch)
        try inTransaction("commit entries \(first)..<\(end)") { connection in
            let moved = try connection.run(
                """
                UPDATE journal_head SET size = \(endSeq), leaf_hash = \(ByteBuffer(bytes: batch.entries.last!.leafHash))
                WHERE id = 1 AND size = \(firstSeq) AND leaf_hash = \(ByteBuffer(bytes: previousLeaf))
                """)
            guard moved.metadata.rows == 1 else {
                throw StoreError(
                    .outOfOrder, "batch starts at index \(first) but the journal has moved on (another node appended)")
            }
            if let block = batch.block { try Self.insertBlock(connection, block) }
            var writer = PostgresCommitWriter()
            for committed in batch.entries { try writer.add(committed) }
            for node in upperNodes { try writer.add(node) }
            try writer.write(connection)
        }
    }

    /// The leaf hash `journal_head` must hold before this batch: entry first − 1's (empty for the first).
    /// Read from the stored journal, outside the transaction: if it changed meanwhile, the head moved too.
    private func previousLeafHash(first: UInt64, batch: CommitBatch) throws -> [UInt8] {
        guard first > 0 else { return [] }
        guard let leaf = try merkleNode(level: 0, index: first - 1) else {
            throw StoreError(.outOfOrder, "batch starts at index \(first) but the journal holds fewer entries")
        }
        return leaf
    }
}

/// Collects one batch's rows, then writes each table with one statement over arrays (`unnest`).
struct PostgresCommitWriter {
    private var seqs: [Int64] = [], kinds: [String] = [], payloads: [ByteBuffer] = [], authors: [ByteBuffer] = []
    private var leaves: [ByteBuffer] = [], times: [Int64] = []
    private var nodeLevels: [Int16] = [], nodeIndices: [Int64] = [], nodeHashes: [ByteBuffer] = []
    private var eventSeqs: [Int64] = [], eventPositions: [Int32] = [], eventKinds: [String] = []
    private var eventAssets: [ByteBuffer] = [], eventTopics1: [ByteBuffer] = [], eventTopics2: [ByteBuffer] = []
    private var eventPayloads: [ByteBuffer] = []
    private var txHashes: [ByteBuffer] = [], txSeqs: [Int64] = [], txStatuses: [Int16] = []
    private var openings: [(seq: Int64, opening: BeneficiaryOpening)] = []
    /// Each key's last record in the batch (upserts and deletes), and the history records (inserts).
    private var latest: [ProjectionKey: (record: [UInt8]?, seq: Int64)] = [:]
    private var latestOrder: [ProjectionKey] = []
    private var history: [(key: ProjectionKey, record: [UInt8], seq: Int64)] = []

    struct ProjectionKey: Hashable {
        let kind: String
        let key: [UInt8]
    }

    mutating func add(_ committed: CommittedEntry) throws {
        let entry = committed.entry
        let seq = try Column.int64(entry.index, "entry index")
        seqs.append(seq)
        kinds.append(entry.kind)
        payloads.append(ByteBuffer(bytes: entry.payload))
        authors.append(ByteBuffer(bytes: entry.author.rawValue))
        leaves.append(ByteBuffer(bytes: committed.leafHash))
        times.append(entry.time)
        txHashes.append(ByteBuffer(bytes: entry.transactionHash(leafHash: committed.leafHash)))
        txSeqs.append(seq)
        txStatuses.append(committed.outcome.failure == nil ? 1 : 0)
        for (position, event) in committed.outcome.events.enumerated() {
            let row = EventRow(event)
            eventSeqs.append(seq)
            eventPositions.append(Int32(position))
            eventKinds.append(row.kind)
            eventAssets.append(ByteBuffer(bytes: row.asset))
            eventTopics1.append(ByteBuffer(bytes: row.topic1))
            eventTopics2.append(ByteBuffer(bytes: row.topic2))
            eventPayloads.append(ByteBuffer(bytes: row.payload))
        }
        for change in committed.outcome.changes {
            let projection = ProjectionRecord(change)
            let key = ProjectionKey(kind: projection.kind.rawValue, key: projection.key)
            if projection.kind.appendOnly, let record = projection.record {
                history.append((key, record, seq))
            } else {
                if latest.updateValue((projection.record, seq), forKey: key) == nil { latestOrder.append(key) }
            }
        }
        if let opening = committed.opening { openings.append((seq, opening)) }
    }

    mutating func add(_ node: MerkleNode) throws {
        nodeLevels.append(Int16(node.level))
        nodeIndices.append(try Column.int64(node.index, "Merkle node index"))
        nodeHashes.append(ByteBuffer(bytes: node.hash))
    }

    func write(_ connection: PostgresConnection) throws {
        // prev_seq is NULL for entry 0 only (-1 in the array: arrays of nullable integers need no special case).
        let prevSeqs = seqs.map { $0 - 1 }
        _ = try connection.run(
            """
            INSERT INTO journal (seq, prev_seq, kind, payload, author, leaf_hash, time)
            SELECT s, NULLIF(p, -1), k, pl, a, l, t FROM unnest(\(seqs)::bigint[], \(prevSeqs)::bigint[], \
            \(kinds)::text[], \(payloads)::bytea[], \(authors)::bytea[], \(leaves)::bytea[], \(times)::bigint[])
            AS batch(s, p, k, pl, a, l, t)
            """)
        if !nodeLevels.isEmpty {
            _ = try connection.run(
                """
                INSERT INTO merkle_nodes (level, idx, hash)
                SELECT * FROM unnest(\(nodeLevels)::smallint[], \(nodeIndices)::bigint[], \(nodeHashes)::bytea[])
                """)
        }
        try writeProjections(connection)
        if !eventSeqs.isEmpty {
            _ = try connection.run(
                """
                INSERT INTO events (seq, position, kind, asset, topic1, topic2, payload)
                SELECT * FROM unnest(\(eventSeqs)::bigint[], \(eventPositions)::integer[], \(eventKinds)::text[], \
                \(eventAssets)::bytea[], \(eventTopics1)::bytea[], \(eventTopics2)::bytea[], \(eventPayloads)::bytea[])
                """)
        }
        _ = try connection.run(
            """
            INSERT INTO transactions (hash, seq, status)
            SELECT * FROM unnest(\(txHashes)::bytea[], \(txSeqs)::bigint[], \(txStatuses)::smallint[])
            """)
        for (seq, opening) in openings {
            _ = try connection.run(
                """
                INSERT INTO beneficiary_openings (seq, salt, name, address)
                VALUES (\(seq), \(ByteBuffer(bytes: opening.salt.bytes)), \(opening.name), \(opening.address))
                """)
        }
    }

    private func writeProjections(_ connection: PostgresConnection) throws {
        var upKinds: [String] = [], upKeys: [ByteBuffer] = [], upRecords: [ByteBuffer] = [], upSeqs: [Int64] = []
        var delKinds: [String] = [], delKeys: [ByteBuffer] = []
        for key in latestOrder {
            let (record, seq) = latest[key]!
            if let record {
                upKinds.append(key.kind)
                upKeys.append(ByteBuffer(bytes: key.key))
                upRecords.append(ByteBuffer(bytes: record))
                upSeqs.append(seq)
            } else {
                delKinds.append(key.kind)
                delKeys.append(ByteBuffer(bytes: key.key))
            }
        }
        if !delKinds.isEmpty {
            _ = try connection.run(
                """
                DELETE FROM projections WHERE (kind, key) IN (SELECT * FROM unnest(\(delKinds)::text[], \(delKeys)::bytea[]))
                """)
        }
        if !upKinds.isEmpty {
            _ = try connection.run(
                """
                INSERT INTO projections (kind, key, record, seq)
                SELECT * FROM unnest(\(upKinds)::text[], \(upKeys)::bytea[], \(upRecords)::bytea[], \(upSeqs)::bigint[])
                ON CONFLICT (kind, key) DO UPDATE SET record = excluded.record, seq = excluded.seq
                """)
        }
        if !history.isEmpty {
            // A plain INSERT: a second issuance of a period (or attestation, or cancellation) is a
            // primary-key violation, and the whole batch rolls back.
            _ = try connection.run(
                """
                INSERT INTO projections (kind, key, record, seq)
                SELECT * FROM unnest(\(history.map(\.key.kind))::text[], \(history.map { ByteBuffer(bytes: $0.key.key) })::bytea[], \
                \(history.map { ByteBuffer(bytes: $0.record) })::bytea[], \(history.map(\.seq))::bigint[])
                """)
        }
    }
}
