import HelioLedger
import HelioLog

/// One accepted command, ready to persist: the journal entry, its Merkle leaf hash, and what applying
/// it did (events for the event log, state changes for the projections).
public struct CommittedEntry: Sendable {
    public let entry: JournalEntry
    public let leafHash: [UInt8]
    public let outcome: Outcome
    /// The beneficiary behind a cancellation's commitment: stored in the entry's transaction, outside
    /// the journal (erasable personal data, docs/certificates.md).
    public let opening: BeneficiaryOpening?

    public init(entry: JournalEntry, leafHash: [UInt8], outcome: Outcome, opening: BeneficiaryOpening? = nil) {
        self.entry = entry
        self.leafHash = leafHash
        self.outcome = outcome
        self.opening = opening
    }
}

/// A frozen Merkle node (see `MerkleNodeStore`): level 0 is the leaf hash itself.
public struct MerkleNode: Sendable, Hashable {
    public let level: Int
    public let index: UInt64
    public let hash: [UInt8]

    public init(level: Int, index: UInt64, hash: [UInt8]) {
        self.level = level
        self.index = index
        self.hash = hash
    }
}

/// What one group commit writes: consecutive journal entries, the Merkle nodes they freeze, and the
/// block they form (nil only where no block index is kept, e.g. tests of the journal alone; the writer
/// always sends one).
public struct CommitBatch: Sendable {
    public var entries: [CommittedEntry]
    public var merkleNodes: [MerkleNode]
    public var block: BlockRecord?

    public init(entries: [CommittedEntry] = [], merkleNodes: [MerkleNode] = [], block: BlockRecord? = nil) {
        self.entries = entries
        self.merkleNodes = merkleNodes
        self.block = block
    }
}

/// An event as stored: which entry emitted it, and its position among that entry's events.
public struct StoredEvent: Sendable, Hashable {
    public let entryIndex: UInt64
    public let position: Int
    public let event: LedgerEvent

    public init(entryIndex: UInt64, position: Int, event: LedgerEvent) {
        self.entryIndex = entryIndex
        self.position = position
        self.event = event
    }
}

/// The journal and its projections, behind one protocol so a PostgreSQL backend can follow.
///
/// Contract:
/// - `commit` is ONE durable transaction: journal rows (the first entry's index must equal
///   `journalSize()`, indices consecutive — otherwise it throws `StoreError.outOfOrder` and writes
///   nothing), Merkle nodes, projection changes (applied in order; a zero balance or allowance deletes
///   the row) and events. When it returns, the batch survives a crash or power loss.
/// - The journal is append-only: nothing ever updates or deletes a journal row (the database refuses).
/// - Reads may run concurrently with a commit and see either all of a batch or none of it.
/// - Blocks (issue 6) cover the journal from entry 0 without gaps or overlaps, numbered 0, 1, 2, …, each
///   naming its parent's hash; every entry's transaction hash is indexed with its success.
/// - Errors are `StoreError`; no database type appears in this protocol.
public protocol LedgerStore: AnyObject, Sendable {
    /// The number of journal entries.
    func journalSize() throws -> UInt64

    /// The projections, loaded into a `LedgerState` (no replay).
    func loadState() throws -> LedgerState

    /// Appends a batch durably, in one transaction.
    func commit(_ batch: CommitBatch) throws

    /// Up to `limit` entries from index `from`, in order, with their stored leaf hashes.
    func entries(from: UInt64, limit: Int) throws -> [(entry: JournalEntry, leafHash: [UInt8])]

    /// A frozen Merkle node, or nil when not stored.
    func merkleNode(level: Int, index: UInt64) throws -> [UInt8]?

    /// RFC 9162 inclusion proof of leaf `index` in the tree of `treeSize` leaves, from stored nodes
    /// (`Merkle.verifyInclusion` order). A default built on `DatabaseMerkleNodes` exists; a backend may
    /// answer from one snapshot instead.
    /// - Throws: `LogError` (`.sizeBeyondTree`, `.indexOutOfRange`) for a bad request, `StoreError` otherwise.
    func inclusionProof(index: UInt64, treeSize: UInt64) throws -> [[UInt8]]

    /// RFC 9162 consistency proof from `oldSize` to `newSize` (`Merkle.verifyConsistency` order).
    /// - Throws: `LogError` (`.invalidSizes`, `.sizeBeyondTree`) for a bad request, `StoreError` otherwise.
    func consistencyProof(oldSize: UInt64, newSize: UInt64) throws -> [[UInt8]]

    /// Events emitted by entries in [from, to).
    func events(from: UInt64, to: UInt64) throws -> [StoredEvent]

    /// The block with the highest number (nil before the first).
    func latestBlock() throws -> BlockRecord?

    /// A block by number or by hash.
    func block(number: UInt64) throws -> BlockRecord?
    func block(hash: [UInt8]) throws -> BlockRecord?

    /// The block holding journal entry `index` (nil when no block holds it yet).
    func block(containing index: UInt64) throws -> BlockRecord?

    /// Appends a block over entries that are already in the journal (a registry created before blocks
    /// existed, or a genesis written by `registry init`). Same checks as a block inside `commit`.
    func appendBlock(_ block: BlockRecord) throws

    /// Where an entry named by its transaction hash landed (`JournalEntry.transactionHash`).
    func transaction(hash: [UInt8]) throws -> TransactionLocation?

    /// The beneficiary opening of the cancellation recorded by entry `index` (nil when none or erased).
    func beneficiaryOpening(cancellation index: UInt64) throws -> BeneficiaryOpening?

    /// Erases a beneficiary opening (personal data); the journal keeps the commitment. False when none.
    func eraseBeneficiaryOpening(cancellation index: UInt64) throws -> Bool

    /// Stores a signed checkpoint (idempotent per tree size).
    func saveCheckpoint(_ checkpoint: SignedCheckpoint) throws

    /// All stored checkpoints, by tree size.
    func checkpoints() throws -> [SignedCheckpoint]

    /// The checkpoint with the largest tree size.
    func latestCheckpoint() throws -> SignedCheckpoint?

    /// Registry-level settings (name, chain id, checkpoint address…), as text.
    func setting(_ key: String) throws -> String?
    func setSetting(_ key: String, _ value: String) throws

    /// The projections and the journal size they reflect, read from one snapshot.
    func loadSnapshot() throws -> (state: LedgerState, size: UInt64)

    /// Whether several writers (registry nodes) may append to this store at once. When true, a writer
    /// appends only while it holds the write lease, after catching up with what others appended.
    var sharesWriters: Bool { get }

    /// Blocks until this process holds the store's write lease (no-op where writers are not shared).
    func acquireWriteLease() throws

    /// Gives the write lease back.
    func releaseWriteLease() throws

    /// Stores a witness's co-signature of the stored checkpoint of its tree size (idempotent per
    /// witness and size). The caller has verified the signature.
    func saveCosignature(_ cosignature: Cosignature) throws

    /// The co-signatures of the checkpoint of `treeSize`, by witness address.
    func cosignatures(treeSize: UInt64) throws -> [Cosignature]
}

extension LedgerStore {
    /// One process, one writer (SQLite): its single writer is the only one, so snapshot = state + size.
    public func loadSnapshot() throws -> (state: LedgerState, size: UInt64) {
        (try loadState(), try journalSize())
    }

    public var sharesWriters: Bool { false }
    public func acquireWriteLease() throws {}
    public func releaseWriteLease() throws {}
}

/// Why the store failed. A struct with a stable code, like every Helio error.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let outOfOrder = Code(rawValue: "out_of_order")
        public static let corrupt = Code(rawValue: "corrupt")
        public static let io = Code(rawValue: "io")
        public static let constraint = Code(rawValue: "constraint")
        /// A write through a read-only view (e.g. `DatabaseMerkleNodes.append`).
        public static let readOnly = Code(rawValue: "read_only")
    }

    public let code: Code
    public let message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}
