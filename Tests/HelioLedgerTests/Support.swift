import Foundation
import HelioCrypto
import Testing

@testable import HelioLedger

/// Test keys: the secp256k1 scalars 1…6 (0x…01 is the key of 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf,
/// known to every Ethereum tool). Never use them outside tests.
enum TestKey {
    static func scalar(_ n: UInt8) -> Secp256k1.PrivateKey {
        try! Secp256k1.PrivateKey(rawRepresentation: [UInt8](repeating: 0, count: 31) + [n])
    }

    static let issuer = scalar(1)
    static let minter = scalar(2)
    static let alice = scalar(3)
    static let bob = scalar(4)
    static let carol = scalar(5)
    static let dave = scalar(6)
    static let all = [issuer, minter, alice, bob, carol, dave]

    /// The key of one of the test accounts.
    static func of(_ address: Address) -> Secp256k1.PrivateKey? { all.first { $0.address == address } }
}

/// The test accounts' addresses.
enum Who {
    static let issuer = TestKey.issuer.address
    static let minter = TestKey.minter.address
    static let alice = TestKey.alice.address
    static let bob = TestKey.bob.address
    static let carol = TestKey.carol.address
    static let dave = TestKey.dave.address
    static let all = TestKey.all.map(\.address)
}

/// The domain the tests sign for (7317 is the example chain id of docs/checkpoint-format.md).
let testDomain = CommandDomain(chainId: 7317)

/// Short spellings of the commands, so a test reads like the OpenZeppelin case it mirrors.
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

enum Fixture {
    /// A valid definition of the asset `issuer` defines with its command number `nonce`: its document
    /// lists its own id. For (Who.issuer, 0) the document's canonical bytes are pinned in
    /// DefineAssetTests against Python's `json.dumps(sort_keys=True, separators=(",", ":"))`.
    static func definition(
        issuer: Address, nonce: UInt64, decimals: UInt8 = 18, minters: [Address] = [Who.minter]
    ) -> Command.DefineAsset {
        let id = AssetID(issuer: issuer, nonce: nonce)
        let document = AssetDefinition(
            assetIDs: [id.text], nameShort: "GO", name: "Guarantee of Origin", issuer: "Helio Test Issuer",
            description: "1 MWh of renewable electricity", divisibility: Int(decimals))
        return Command.DefineAsset(
            definition: document, name: "Guarantee of Origin", symbol: "GO", decimals: decimals, minters: minters)
    }
}

/// One accepted command and where it landed: what a journal entry holds.
struct Applied {
    let command: AuthenticatedCommand
    let context: EntryContext
    let outcome: Outcome
}

/// A ledger under test: a state, its journal of accepted commands, and helpers that apply commands
/// with the author's next nonce and check that a refused command changes nothing.
struct TestLedger {
    static let genesisTime: Int64 = 1_700_000_000

    var state = LedgerState()
    var journal: [Applied] = []

    var nextContext: EntryContext {
        EntryContext(index: UInt64(journal.count), time: Self.genesisTime + Int64(journal.count))
    }

    @discardableResult
    mutating func apply(_ command: AuthenticatedCommand) throws(LedgerError) -> Outcome {
        let context = nextContext
        let outcome = try state.apply(command, context: context)
        journal.append(Applied(command: command, context: context, outcome: outcome))
        return outcome
    }

    /// Applies `command` by `author` with the author's next nonce.
    @discardableResult
    mutating func run(_ author: Address, _ command: Command) throws(LedgerError) -> Outcome {
        try apply(AuthenticatedCommand(author: author, nonce: state.nonce(author), command: command))
    }

    /// Defines an asset (issued by `issuer`, minted by `minters`), mints each holder's amount through the
    /// first minter, and returns the asset's id.
    mutating func token(
        issuer: Address = Who.issuer, minters: [Address] = [Who.minter], holders: [(Address, UInt256)] = []
    ) throws -> AssetID {
        let nonce = state.nonce(issuer)
        try run(issuer, .defineAsset(Fixture.definition(issuer: issuer, nonce: nonce, minters: minters)))
        let id = AssetID(issuer: issuer, nonce: nonce)
        for (holder, amount) in holders { try run(minters[0], .mint(id, to: holder, amount)) }
        return id
    }

    func balance(_ asset: AssetID, _ account: Address) -> UInt256 { state.balance(asset, account) }
    func supply(_ asset: AssetID) -> UInt256? { state.assets[asset]?.totalSupply }
    func allowance(_ asset: AssetID, _ owner: Address, _ spender: Address) -> UInt256 {
        state.allowance(asset, owner: owner, spender: spender)
    }

    /// Expects `command` (by `author`, with its next nonce unless `nonce` is given) to be refused with
    /// `code` and, when given, exactly `arguments`; then checks that the state, its digest and the
    /// author's nonce did not change and nothing was journaled. Returns the error.
    @discardableResult
    mutating func expectFailure(
        _ author: Address, _ command: Command, _ code: LedgerError.Code, _ arguments: [LedgerError.Argument]? = nil,
        nonce: UInt64? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> LedgerError? {
        let before = state
        let digestBefore = state.digest
        let journalBefore = journal.count
        let authenticated = AuthenticatedCommand(
            author: author, nonce: nonce ?? state.nonce(author), command: command)
        var refusal: LedgerError? = nil
        do {
            let outcome = try apply(authenticated)
            Issue.record("expected \(code), but \(command.kind) succeeded: \(outcome)", sourceLocation: sourceLocation)
        } catch {
            refusal = error
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            if let arguments { #expect(error.arguments == arguments, sourceLocation: sourceLocation) }
        }
        #expect(state == before, "a refused command changed the state", sourceLocation: sourceLocation)
        #expect(state.digest == digestBefore, sourceLocation: sourceLocation)
        #expect(state.nonce(author) == before.nonce(author), sourceLocation: sourceLocation)
        #expect(journal.count == journalBefore, sourceLocation: sourceLocation)
        return refusal
    }
}
