import GRDB
import HelioLedger

extension SQLiteLedgerStore {
    /// Appends a batch in ONE immediate transaction (group commit): journal rows, the Merkle nodes of
    /// levels ≥ 1 (level 0 is the journal's leaf hash), the state changes (each projection row gets its
    /// last value in the batch: the same tables as applying them one by one, see `ProjectionDelta`) and
    /// the events. When it returns, the batch is on disk (`synchronous = FULL`).
    ///
    /// Checked before anything is written, so a refused batch writes nothing:
    /// - the first index equals the journal size and indices are consecutive, else `.outOfOrder`;
    /// - the batch carries exactly the Merkle nodes its leaves freeze (level-0 nodes, if present, must
    ///   equal the entries' leaf hashes), else `.constraint`;
    /// - every row satisfies the schema (lengths, ranges, foreign keys, non-zero amounts), else
    ///   `.constraint` — the transaction rolls back.
    ///
    /// An empty batch is a no-op.
    public func commit(_ batch: CommitBatch) throws {
        guard let (first, end, upperNodes) = try batch.checkedShape() else { return }
        try withStoreErrors("commit entries \(first)..<\(end)") {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let size = try Self.journalSize(db)
                    guard size == first else {
                        throw StoreError(
                            .outOfOrder, "batch starts at index \(first) but the journal holds \(size) entries")
                    }
                    if let block = batch.block { try Self.insertBlock(db, block) }
                    var writer = CommitWriter(db)
                    for committed in batch.entries { try writer.add(committed) }
                    for node in upperNodes { writer.add(node) }
                    try writer.write()
                    return .commit
                }
            }
        }
        checkpointer.nudge()
    }

    /// The batch's nodes of levels ≥ 1, after checking the batch holds exactly the nodes frozen by leaves
    /// [first, end): node (L, i) is frozen by leaf (i+1)·2^L − 1, and leaf j freezes one node per trailing
    /// one bit of j. With the primary key refusing duplicates, a matching count means the exact set.
    static func upperNodes(of batch: CommitBatch, first: UInt64, end: UInt64) throws(StoreError) -> [MerkleNode] {
        var upper: [MerkleNode] = []
        upper.reserveCapacity(batch.merkleNodes.count)
        for node in batch.merkleNodes {
            guard (0...63).contains(node.level), node.hash.count == 32 else {
                throw StoreError(
                    .constraint, "Merkle node (\(node.level), \(node.index)) must have a level 0…63 and 32 bytes")
            }
            if node.level == 0 {
                guard node.index >= first, node.index < end,
                    node.hash == batch.entries[Int(node.index - first)].leafHash
                else {
                    throw StoreError(
                        .constraint, "leaf node \(node.index) is not the leaf hash of an entry of this batch")
                }
                continue
            }
            let (completedBy, overflow) = (node.index + 1).multipliedReportingOverflow(by: 1 << UInt64(node.level))
            guard !overflow, completedBy > first, completedBy <= end else {
                throw StoreError(
                    .constraint, "Merkle node (\(node.level), \(node.index)) is not frozen by leaves \(first)..<\(end)")
            }
            upper.append(node)
        }
        var expected = 0
        for leaf in first..<end { expected += (~leaf).trailingZeroBitCount }
        guard upper.count == expected else {
            throw StoreError(
                .constraint,
                "leaves \(first)..<\(end) freeze \(expected) Merkle nodes above level 0, the batch has \(upper.count)")
        }
        return upper
    }
}

extension CommitBatch {
    /// The checks every backend's `commit` makes before touching the database: nil for an empty batch
    /// (which must then carry no nodes or block); else its entry range, consecutive indices (`.outOfOrder`
    /// otherwise), a block covering exactly the batch, and the Merkle nodes above level 0 it must hold
    /// (`SQLiteLedgerStore.upperNodes`).
    func checkedShape() throws(StoreError) -> (first: UInt64, end: UInt64, upperNodes: [MerkleNode])? {
        guard let first = entries.first?.entry.index else {
            guard merkleNodes.isEmpty, block == nil else {
                throw StoreError(.constraint, "a batch without entries cannot carry Merkle nodes or a block")
            }
            return nil
        }
        for (offset, committed) in entries.enumerated() where committed.entry.index != first + UInt64(offset) {
            throw StoreError(
                .outOfOrder,
                "batch entries must be consecutive: entry \(offset) has index \(committed.entry.index), "
                    + "expected \(first + UInt64(offset))")
        }
        let end = first + UInt64(entries.count)
        if let block, block.firstEntry != first || block.entryCount != UInt64(entries.count) {
            throw StoreError(
                .constraint,
                "block \(block.number) covers entries \(block.firstEntry)..<\(block.endEntry), "
                    + "the batch \(first)..<\(end)")
        }
        return (first, end, try SQLiteLedgerStore.upperNodes(of: self, first: first, end: end))
    }
}
