import HelioLedger
import HelioLog
import NIOCore
import PostgresNIO

extension PostgresLedgerStore {
    public func latestBlock() throws -> BlockRecord? {
        try withStoreErrors("read the latest block") { try Self.fetchBlock($0, "ORDER BY number DESC LIMIT 1") }
    }

    public func block(number: UInt64) throws -> BlockRecord? {
        guard let n = Int64(exactly: number) else { return nil }
        return try withStoreErrors("read block \(number)") { try Self.fetchBlock($0, "WHERE number = $1", n) }
    }

    public func block(hash: [UInt8]) throws -> BlockRecord? {
        try withStoreErrors("read a block by hash") {
            try Self.fetchBlock($0, "WHERE hash = $1", ByteBuffer(bytes: hash))
        }
    }

    public func block(containing index: UInt64) throws -> BlockRecord? {
        guard let seq = Int64(exactly: index) else { return nil }
        let block = try withStoreErrors("find the block of entry \(index)") {
            try Self.fetchBlock($0, "WHERE first_seq <= $1 ORDER BY first_seq DESC LIMIT 1", seq)
        }
        guard let block, index < block.endEntry else { return nil }
        return block
    }

    public func appendBlock(_ block: BlockRecord) throws {
        try inTransaction("append block \(block.number)") { connection in
            guard block.endEntry <= (try Self.journalSize(connection)) else {
                throw StoreError(
                    .constraint, "block \(block.number) ends at entry \(block.endEntry), beyond the journal")
            }
            try Self.insertBlock(connection, block)
        }
    }

    /// Checks that `block` continues the chain (number, parent, first entry), then inserts it.
    static func insertBlock(_ connection: PostgresConnection, _ block: BlockRecord) throws {
        try block.checkContinues(try fetchBlock(connection, "ORDER BY number DESC LIMIT 1"))
        _ = try connection.run(
            """
            INSERT INTO blocks (number, hash, parent_hash, first_seq, entry_count, time, logs_bloom)
            VALUES (\(try Column.int64(block.number, "block number")), \(ByteBuffer(bytes: block.hash)), \
            \(ByteBuffer(bytes: block.parentHash)), \(try Column.int64(block.firstEntry, "block first entry")), \
            \(try Column.int64(block.entryCount, "block entry count")), \(block.time), \(ByteBuffer(bytes: block.logsBloom)))
            """)
    }

    private static func fetchBlock(
        _ connection: PostgresConnection, _ clause: String, _ argument: (any PostgresEncodable)? = nil
    ) throws -> BlockRecord? {
        var binds = PostgresBindings()
        if let argument { try binds.append(argument) }
        let query = PostgresQuery(
            unsafeSQL:
                "SELECT number, hash, parent_hash, first_seq, entry_count, time, logs_bloom FROM blocks \(clause)",
            binds: binds)
        guard let row = try connection.run(query).rows.first else { return nil }
        let (number, hash, parent, first, count, time, bloom) = try row.decode(
            (Int64, ByteBuffer, ByteBuffer, Int64, Int64, Int64, ByteBuffer).self)
        return BlockRecord(
            number: try Column.uint64(number, "block number"), hash: Array(buffer: hash),
            parentHash: Array(buffer: parent), firstEntry: try Column.uint64(first, "block first entry"),
            entryCount: try Column.uint64(count, "block entry count"), time: time, logsBloom: Array(buffer: bloom))
    }
}

extension PostgresLedgerStore {
    public func saveCheckpoint(_ signed: SignedCheckpoint) throws {
        let checkpoint = signed.checkpoint
        let treeSize = try Column.int64(checkpoint.treeSize, "checkpoint tree size")
        // The root is checked against the stored nodes before the insert; the log below it never changes.
        let size = try journalSize()
        guard checkpoint.treeSize <= size else {
            throw StoreError(
                .constraint, "checkpoint of tree size \(checkpoint.treeSize) but the journal holds \(size)")
        }
        let tree = try MerkleTree(store: DatabaseMerkleNodes(self, leafCount: checkpoint.treeSize))
        guard tree.root == checkpoint.rootHash else {
            throw StoreError(
                .constraint, "checkpoint root at tree size \(checkpoint.treeSize) differs from the journal's")
        }
        try withStoreErrors("save the checkpoint of tree size \(checkpoint.treeSize)") { connection in
            _ = try connection.run(
                """
                INSERT INTO checkpoints (tree_size, text, root, timestamp)
                VALUES (\(treeSize), \(signed.text), \(ByteBuffer(bytes: checkpoint.rootHash)), \(checkpoint.timestamp))
                ON CONFLICT (tree_size) DO NOTHING
                """)
        }
    }

    public func checkpoints() throws -> [SignedCheckpoint] {
        let texts = try withStoreErrors("read the checkpoints") { connection in
            try connection.run("SELECT text FROM checkpoints ORDER BY tree_size").rows.map {
                try $0.decode(String.self)
            }
        }
        return try texts.map(SQLiteLedgerStore.parseCheckpoint)
    }

    public func latestCheckpoint() throws -> SignedCheckpoint? {
        let text = try withStoreErrors("read the latest checkpoint") { connection in
            try connection.run("SELECT text FROM checkpoints ORDER BY tree_size DESC LIMIT 1").rows.first?.decode(
                String.self)
        }
        return try text.map(SQLiteLedgerStore.parseCheckpoint)
    }

    public func saveCosignature(_ cosignature: Cosignature) throws {
        let treeSize = try Column.int64(cosignature.treeSize, "checkpoint tree size")
        try withStoreErrors("save a co-signature of tree size \(cosignature.treeSize)") { connection in
            _ = try connection.run(
                """
                INSERT INTO cosignatures (tree_size, witness, timestamp, signature)
                VALUES (\(treeSize), \(ByteBuffer(bytes: cosignature.witness.rawValue)), \(cosignature.timestamp), \
                \(ByteBuffer(bytes: cosignature.signature.bytes)))
                ON CONFLICT (tree_size, witness) DO NOTHING
                """)
        }
    }

    public func cosignatures(treeSize: UInt64) throws -> [Cosignature] {
        guard let size = Int64(exactly: treeSize) else { return [] }
        return try withStoreErrors("read the co-signatures of tree size \(treeSize)") { connection in
            try connection.run(
                "SELECT witness, timestamp, signature FROM cosignatures WHERE tree_size = \(size) ORDER BY witness"
            ).rows.map { row in
                let (witness, timestamp, signature) = try row.decode((ByteBuffer, Int64, ByteBuffer).self)
                return try SQLiteLedgerStore.cosignature(
                    treeSize: treeSize, witness: Array(buffer: witness), timestamp: timestamp,
                    signature: Array(buffer: signature))
            }
        }
    }
}
