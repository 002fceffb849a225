import Foundation
import HelioCrypto
import HelioLog
import HelioStore
import Testing

@testable import HelioLedger

/// Test keys: the secp256k1 scalars 1…6. Never use them outside tests.
enum TestKey {
    static func scalar(_ n: UInt8) -> Secp256k1.PrivateKey {
        try! Secp256k1.PrivateKey(rawRepresentation: [UInt8](repeating: 0, count: 31) + [n])
    }

    static let issuer = scalar(1)
    static let minter = scalar(2)
    static let alice = scalar(3)
    static let bob = scalar(4)
    static let carol = scalar(5)
    static let registry = scalar(6)
}

let testDomain = CommandDomain(chainId: 7317)

/// A ledger that produces real commit batches: each command is signed, authenticated and applied to a
/// `LedgerState`, journaled as a `JournalEntry`, and its leaf appended to a reference in-memory Merkle
/// tree, whose frozen nodes go into the batch.
struct TestLedger {
    static let genesisTime: Int64 = 1_700_000_000

    var state = LedgerState()
    var tree = InMemoryMerkleTree()
    var pending = CommitBatch()
    /// Every entry ever produced, committed or not (unless `keepsProduced` is false).
    var produced: [CommittedEntry] = []
    var keepsProduced = true

    var nextIndex: UInt64 { tree.size }

    /// Signs, authenticates and applies `command` by `key` with its next nonce; adds it to `pending`.
    @discardableResult
    mutating func run(_ key: Secp256k1.PrivateKey, _ command: Command) throws -> Outcome {
        let signed = try SignedCommand.sign(command, nonce: state.nonce(key.address), domain: testDomain, with: key)
        let authenticated = try signed.authenticate(domain: testDomain)
        return try append(signed: signed, authenticated: authenticated)
    }

    /// Applies an already authenticated command (the benchmark skips signature work this way).
    mutating func append(signed: SignedCommand, authenticated: AuthenticatedCommand) throws -> Outcome {
        let index = nextIndex
        let time = Self.genesisTime + Int64(index)
        let outcome = try state.apply(authenticated, context: EntryContext(index: index, time: time))
        let entry = JournalEntry(index: index, time: time, signed: signed, author: authenticated.author)
        add(entry, outcome: outcome)
        return outcome
    }

    /// Adds an entry with a given outcome (no ledger rules): for Merkle and failure tests.
    mutating func add(_ entry: JournalEntry, outcome: Outcome = Outcome()) {
        let leafHash = Merkle.leafHash(entry.entryBytes)
        let committed = CommittedEntry(entry: entry, leafHash: leafHash, outcome: outcome)
        pending.entries.append(committed)
        if keepsProduced { produced.append(committed) }
        let index = try! tree.append(leafHash: leafHash)
        for level in 0...(~index).trailingZeroBitCount {
            let nodeIndex = index >> UInt64(level)
            pending.merkleNodes.append(
                MerkleNode(level: level, index: nodeIndex, hash: tree.store.node(level: level, index: nodeIndex)!))
        }
    }

    /// A synthetic entry (kind "Note", payload `payload`) by the registry key.
    mutating func note(_ payload: String) {
        add(
            JournalEntry(
                index: nextIndex, time: Self.genesisTime, kind: "Note", author: TestKey.registry.address,
                payload: Array(payload.utf8)))
    }

    /// Hands out the pending batch and starts a new one.
    mutating func takeBatch() -> CommitBatch {
        defer { pending = CommitBatch() }
        return pending
    }

    /// Defines an asset by the issuer (minted by the minter) and returns its id.
    mutating func defineAsset() throws -> AssetID {
        let nonce = state.nonce(TestKey.issuer.address)
        let id = AssetID(issuer: TestKey.issuer.address, nonce: nonce)
        let document = AssetDefinition(
            assetIDs: [id.text], nameShort: "GO", name: "Guarantee of Origin", issuer: "Helio Test Issuer",
            description: "1 MWh of renewable electricity", divisibility: 18)
        try run(
            TestKey.issuer,
            .defineAsset(
                Command.DefineAsset(
                    definition: document, name: "Guarantee of Origin", symbol: "GO",
                    minters: [TestKey.minter.address, TestKey.issuer.address])))
        return id
    }
}

extension Command {
    static func mint(_ asset: AssetID, to: Address, _ amount: UInt256) -> Command {
        .mint(Mint(asset: asset, to: to, amount: amount))
    }
    static func transfer(_ asset: AssetID, to: Address, _ amount: UInt256) -> Command {
        .transfer(Transfer(asset: asset, to: to, amount: amount))
    }
    static func approve(_ asset: AssetID, spender: Address, _ amount: UInt256) -> Command {
        .approve(Approve(asset: asset, spender: spender, amount: amount))
    }
    static func transferFrom(_ asset: AssetID, from: Address, to: Address, _ amount: UInt256) -> Command {
        .transferFrom(TransferFrom(asset: asset, from: from, to: to, amount: amount))
    }
    static func burn(_ asset: AssetID, _ amount: UInt256) -> Command { .burn(Burn(asset: asset, amount: amount)) }
}

/// A temporary directory for tests that reopen a store by path; removed by `remove()`.
struct ScratchDirectory {
    let path = NSTemporaryDirectory() + "helio-store-test-" + UUID().uuidString

    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

    var databasePath: String { path + "/ledger.sqlite" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Expects `body` to throw a `StoreError` with `code`.
func expectStoreError(
    _ code: StoreError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected StoreError \(code.rawValue), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected StoreError \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}
