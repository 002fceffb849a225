/// One block, as the JSON-RPC edge shows the log to Ethereum tools (issue 6): the entries of ONE writer
/// commit, in journal order. Blocks are an index over the journal, not part of what the Merkle log
/// proves: `hash` chains them (it commits to the parent's hash and to the entries' leaf hashes — see
/// `BlockBuilder` in HelioRegistry and docs/json-rpc.md), so a block names exactly one run of entries.
public struct BlockRecord: Sendable, Hashable {
    public let number: UInt64
    public let hash: [UInt8]
    public let parentHash: [UInt8]
    /// Index of the block's first journal entry; the block holds [firstEntry, firstEntry + entryCount).
    public let firstEntry: UInt64
    public let entryCount: UInt64
    /// The time of its last entry (unix seconds).
    public let time: Int64
    /// Ethereum's 2048-bit bloom of every log's address and topics (256 bytes).
    public let logsBloom: [UInt8]

    public init(
        number: UInt64, hash: [UInt8], parentHash: [UInt8], firstEntry: UInt64, entryCount: UInt64, time: Int64,
        logsBloom: [UInt8]
    ) {
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.firstEntry = firstEntry
        self.entryCount = entryCount
        self.time = time
        self.logsBloom = logsBloom
    }

    /// One past its last entry.
    public var endEntry: UInt64 { firstEntry + entryCount }

    /// Refuses (`.outOfOrder`) a block that does not follow `last` (nil: the chain is empty): the next
    /// number, `last`'s hash as parent (zeros for block 0), starting where `last` ended.
    func checkContinues(_ last: BlockRecord?) throws(StoreError) {
        let expectedNumber = last.map { $0.number + 1 } ?? 0
        let expectedParent = last?.hash ?? [UInt8](repeating: 0, count: 32)
        let expectedFirst = last?.endEntry ?? 0
        guard number == expectedNumber, parentHash == expectedParent, firstEntry == expectedFirst else {
            throw StoreError(
                .outOfOrder,
                "block \(number) from entry \(firstEntry) does not continue the chain "
                    + "(next is block \(expectedNumber) from entry \(expectedFirst))")
        }
    }
}

/// Where a transaction hash (see `JournalEntry.transactionHash`) landed, and whether its call succeeded.
public struct TransactionLocation: Sendable, Hashable {
    public let entryIndex: UInt64
    public let succeeded: Bool

    public init(entryIndex: UInt64, succeeded: Bool) {
        self.entryIndex = entryIndex
        self.succeeded = succeeded
    }
}
