import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore

/// What a caller gets back for an accepted command: where it landed in the log, and what it did.
public struct Receipt: Sendable, Hashable {
    public let index: UInt64
    public let leafHash: [UInt8]
    public let author: Address
    public let events: [LedgerEvent]
}

/// The single writer: the one place that appends to the journal.
///
/// An actor owns the in-memory `LedgerState` and the Merkle tree's right edge. `submit` applies
/// commands at once (so later commands in the same group see earlier ones) and then waits until
/// their group is durable. Group commit: while one batch is being written (fsync included), new
/// submissions pile up and go to disk together in the next transaction, so throughput grows with load
/// instead of paying one fsync per command. Readers use the store's own connections and never wait
/// for the writer.
///
/// If a commit fails, the in-memory state is ahead of the disk: the writer reloads state and tree from
/// the store, fails every waiting caller, and carries on from what is durable.
///
/// Several nodes on one database (`store.sharesWriters`, PostgreSQL): a writer applies commands only
/// while it holds the store's write lease, and catches up with the entries other nodes appended (each
/// re-verified and re-applied, `JournalReplay`) as soon as it gets it — so its state is the log's
/// state when it applies, and two nodes can never both accept what only one may. It gives the lease
/// back whenever its queue is empty, or after `leaseSlice` of continuous work (new commands then wait
/// for the next turn, behind the other nodes that asked). The commit's own check of the journal head
/// stays the last line of defence. Between turns, `follow` keeps the state fresh for reads.
public actor LedgerWriter {
    public let store: any LedgerStore
    public let domain: CommandDomain
    /// Durable commits, in order, for listeners outside the writer (the live event stream).
    public nonisolated let commits = CommitFeed()
    private var state: LedgerState
    private var tree: MerkleTree<BufferedMerkleNodes>
    private let clock: @Sendable () -> Int64

    private(set) var pending: [CommittedEntry] = []
    private var durableSize: UInt64
    private(set) var flushing = false
    private var waiters: [(upTo: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []

    private let checkpointKey: Secp256k1.PrivateKey?
    private let checkpointOrigin: String
    private let checkpointEvery: UInt64
    private var lastCheckpointSize: UInt64 = 0
    /// The last durable block (one block per commit, issue 6).
    private var lastBlock: BlockRecord?

    // Shared writers (see the type's notes): the lease and the turn it gives.
    var leased = false
    private var leaseTakenAt = ContinuousClock.now
    /// Set when the turn is over: no new command applies until the lease has been given back and taken again.
    var yielding = false
    /// An acquisition or a release in progress; others wait for it.
    var leaseTransition: Task<Void, any Error>?
    var waitersForRelease: [CheckedContinuation<Void, Never>] = []
    /// The longest continuous turn before the lease is offered to other nodes.
    public static let leaseSlice = Duration.milliseconds(50)

    /// - Parameters:
    ///   - checkpointKey: the registry key that signs checkpoints; nil = no automatic checkpoints.
    ///   - checkpointEvery: sign a checkpoint once this many entries have become durable since the last.
    public init(
        store: any LedgerStore, domain: CommandDomain, checkpointKey: Secp256k1.PrivateKey? = nil,
        checkpointOrigin: String = "", checkpointEvery: UInt64 = 1000,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date.nowSeconds) }
    ) throws {
        self.store = store
        self.domain = domain
        self.clock = clock
        if store.sharesWriters {
            // Another node may append while this one loads: state, tree and block all from one size.
            let (state, size) = try store.loadSnapshot()
            self.state = state
            self.tree = try MerkleTree(store: BufferedMerkleNodes(store: store, leafCount: size))
            self.durableSize = size
            self.lastBlock = size == 0 ? nil : try store.block(containing: size - 1)
        } else {
            self.state = try store.loadState()
            self.tree = try MerkleTree(store: BufferedMerkleNodes(store: store))
            self.durableSize = try store.journalSize()
            self.lastBlock = try BlockBuilder.catchUp(store: store)
        }
        self.checkpointKey = checkpointKey
        self.checkpointOrigin = checkpointOrigin
        self.checkpointEvery = checkpointEvery
        self.lastCheckpointSize = try store.latestCheckpoint()?.checkpoint.treeSize ?? 0
    }

    /// The last durable block.
    public var latestBlock: BlockRecord? { lastBlock }

    /// The state including accepted-but-not-yet-durable commands (use for "pending" nonces).
    public var currentState: LedgerState { state }

    /// Entries durable on disk.
    public var size: UInt64 { durableSize }

    /// Applies authenticated commands in order and returns once all accepted ones are durable.
    /// Each command's result is independent: a refused command changes nothing and does not stop the
    /// ones after it.
    public func submit(_ commands: [PreparedCommand]) async throws -> [Result<Receipt, LedgerError>] {
        try await ensureLease()
        var results: [Result<Receipt, LedgerError>] = []
        results.reserveCapacity(commands.count)
        var last: UInt64? = nil
        for prepared in commands {
            let command = prepared.command
            let index = tree.size
            let context = EntryContext(index: index, time: clock())
            do {
                let outcome = try state.apply(command, context: context)
                let entry = JournalEntry(
                    index: index, time: context.time, kind: command.command.kind, author: command.author,
                    payload: prepared.payload)
                let leaf = Merkle.leafHash(entry.entryBytes)
                try! tree.append(leafHash: leaf)  // buffered in memory: cannot fail
                pending.append(
                    CommittedEntry(entry: entry, leafHash: leaf, outcome: outcome, opening: prepared.opening))
                results.append(
                    .success(Receipt(index: index, leafHash: leaf, author: command.author, events: outcome.events)))
                last = index
            } catch {
                results.append(.failure(error))
            }
        }
        if let last { try await waitUntilDurable(last) }
        return results
    }

    /// Convenience: authenticate (on this thread) and submit one signed command.
    public func submit(_ signed: SignedCommand) async throws -> Receipt {
        return try await submit([PreparedCommand(signed, domain: domain)])[0].get()
    }

    /// Appends ONE entry whose content depends on the state: `build` runs inside the actor with the
    /// state and the entry's context, changes the state only for what it accepts, and returns the
    /// entry's payload and outcome — or nil when nothing was accepted (then no entry is written and the
    /// state must be unchanged). Returns the entry's index, not yet durable (see `waitUntilDurable`).
    func append(
        kind: String, author: Address,
        build: (inout LedgerState, EntryContext) -> (payload: [UInt8], outcome: Outcome)?
    ) -> UInt64? {
        let index = tree.size
        let context = EntryContext(index: index, time: clock())
        guard let (payload, outcome) = build(&state, context) else { return nil }
        let entry = JournalEntry(index: index, time: context.time, kind: kind, author: author, payload: payload)
        let leaf = Merkle.leafHash(entry.entryBytes)
        try! tree.append(leafHash: leaf)  // buffered in memory: cannot fail
        pending.append(CommittedEntry(entry: entry, leafHash: leaf, outcome: outcome))
        return index
    }

    func waitUntilDurable(_ index: UInt64) async throws {
        if index < durableSize { return }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            waiters.append((index, c))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    /// Writes pending entries in groups until none are left (then gives the lease back, if shared).
    private func flush() async {
        while !pending.isEmpty {
            if leased, ContinuousClock.now - leaseTakenAt > Self.leaseSlice { yielding = true }
            let entries = pending
            let nodes = tree.store.drain()
            pending = []
            let store = self.store
            let previous = lastBlock
            do {
                lastBlock = try await Blocking.run {
                    let block = BlockBuilder.block(after: previous, entries: entries)
                    try store.commit(CommitBatch(entries: entries, merkleNodes: nodes, block: block))
                    return block
                }
                durableSize = entries.last!.entry.index + 1
                resumeWaiters(error: nil)
                commits.publish(entries)
                try maybeCheckpoint()
            } catch {
                resumeWaiters(error: error, all: true)
                reload()
            }
        }
        flushing = false
        if leased { releaseLease() }
    }

    private func resumeWaiters(error: (any Error)?, all: Bool = false) {
        var keep: [(upTo: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        for w in waiters {
            if all, let error {
                w.continuation.resume(throwing: error)
            } else if w.upTo < durableSize {
                w.continuation.resume()
            } else {
                keep.append(w)
            }
        }
        waiters = keep
    }

    /// The lease is this writer's: a turn starts now.
    func startTurn() {
        leased = true
        yielding = false
        leaseTakenAt = .now
    }

    /// Applies entries other nodes appended (consecutive, starting at the durable size), moves tree and
    /// block to the new size, and publishes them for live listeners. A failure reloads from the store.
    func applyForeign(_ page: [(entry: JournalEntry, leafHash: [UInt8])]) throws {
        var published: [CommittedEntry] = []
        published.reserveCapacity(page.count)
        do {
            for (entry, leaf) in page {
                let outcome = try JournalReplay.apply(entry, domain: domain, to: &state)
                published.append(CommittedEntry(entry: entry, leafHash: leaf, outcome: outcome))
            }
            let size = durableSize + UInt64(page.count)
            tree = try MerkleTree(store: BufferedMerkleNodes(store: store, leafCount: size))
            lastBlock = try store.block(containing: size - 1)
            durableSize = size
        } catch {
            reload()
            throw error
        }
        commits.publish(published)
    }

    func reload() {
        pending = []
        tree.store.discard()
        do {
            let (loaded, size) = try store.loadSnapshot()
            state = loaded
            tree = try MerkleTree(store: BufferedMerkleNodes(store: store, leafCount: size))
            durableSize = size
            lastBlock = size == 0 ? nil : try store.block(containing: size - 1)
            lastCheckpointSize = max(lastCheckpointSize, try store.latestCheckpoint()?.checkpoint.treeSize ?? 0)
        } catch {
            fatalError("the store failed and could not be reloaded: \(error)")
        }
    }

    private func maybeCheckpoint() throws {
        guard checkpointKey != nil, durableSize - lastCheckpointSize >= checkpointEvery else { return }
        _ = try signCheckpoint()
    }

    /// Signs and stores a checkpoint of the durable log now.
    @discardableResult
    public func signCheckpoint() throws -> SignedCheckpoint {
        guard let key = checkpointKey else { throw StoreError(.io, "this writer has no checkpoint key") }
        let size = durableSize
        let root = try tree.root(atSize: size)
        let checkpoint = try Checkpoint(origin: checkpointOrigin, treeSize: size, rootHash: root, timestamp: clock())
        let signed = checkpoint.signed(with: key)
        try store.saveCheckpoint(signed)
        lastCheckpointSize = size
        return signed
    }
}
