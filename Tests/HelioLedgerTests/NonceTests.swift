import HelioCrypto
import Testing

@testable import HelioLedger

/// Per-author nonces: one sequence per signer, shared by every kind of command it authors. A nonce
/// already used is `nonce_too_low`, one past the next is `nonce_gap`; neither, nor any other refusal,
/// consumes the nonce.
struct NonceTests {
    func setUp() throws -> (TestLedger, AssetID) {
        var ledger = TestLedger()
        let token = try ledger.token(holders: [(Who.alice, 100)])
        return (ledger, token)
    }

    @Test func aFreshAccountExpectsNonceZero() {
        let state = LedgerState()
        #expect(state.nonce(Who.alice) == 0)
        #expect(state.nonces.isEmpty)
    }

    @Test func eachAcceptedCommandConsumesOneNonce() throws {
        var (ledger, token) = try setUp()
        #expect(ledger.state.nonce(Who.alice) == 0)
        let outcome = try ledger.apply(
            AuthenticatedCommand(author: Who.alice, nonce: 0, command: .transfer(token, to: Who.bob, 1)))
        #expect(ledger.state.nonce(Who.alice) == 1)
        #expect(outcome.changes.last == .nonce(account: Who.alice, next: 1))
        try ledger.apply(AuthenticatedCommand(author: Who.alice, nonce: 1, command: .burn(token, 1)))
        #expect(ledger.state.nonce(Who.alice) == 2)
    }

    @Test func aUsedNonceIsTooLow() throws {
        var (ledger, token) = try setUp()
        try ledger.run(Who.alice, .transfer(token, to: Who.bob, 1))
        try ledger.run(Who.alice, .transfer(token, to: Who.bob, 1))
        for used: UInt64 in [0, 1] {
            ledger.expectFailure(Who.alice, .transfer(token, to: Who.bob, 1), .nonceTooLow, nonce: used)
        }
        #expect(ledger.state.nonce(Who.alice) == 2)
        #expect(ledger.balance(token, Who.bob) == 2)
    }

    @Test func aNonceAheadOfTheNextLeavesAGap() throws {
        var (ledger, token) = try setUp()
        for ahead: UInt64 in [1, 2, .max] {
            ledger.expectFailure(Who.alice, .transfer(token, to: Who.bob, 1), .nonceGap, nonce: ahead)
        }
        try ledger.run(Who.alice, .transfer(token, to: Who.bob, 1))
        ledger.expectFailure(Who.alice, .transfer(token, to: Who.bob, 1), .nonceGap, nonce: 2)
        #expect(ledger.state.nonce(Who.alice) == 1)
    }

    @Test func theNonceIsCheckedBeforeTheCommand() throws {
        var (ledger, token) = try setUp()
        let unknown = AssetID(issuer: Who.dave, nonce: 0)
        ledger.expectFailure(Who.alice, .transfer(unknown, to: .zero, .max), .nonceGap, nonce: 5)
        try ledger.run(Who.alice, .approve(token, spender: Who.bob, 1))
        ledger.expectFailure(Who.alice, .transfer(unknown, to: .zero, .max), .nonceTooLow, nonce: 0)
    }

    @Test func aRefusedCommandDoesNotConsumeTheNonce() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(Who.alice, .transfer(token, to: Who.bob, 101), .insufficientBalance)
        ledger.expectFailure(Who.alice, .mint(token, to: Who.bob, 1), .notMinter)
        ledger.expectFailure(Who.alice, .approve(token, spender: .zero, 1), .invalidSpender)
        #expect(ledger.state.nonce(Who.alice) == 0)
        // The same nonce then carries the next, valid command.
        try ledger.apply(
            AuthenticatedCommand(author: Who.alice, nonce: 0, command: .transfer(token, to: Who.bob, 100)))
        #expect(ledger.balance(token, Who.bob) == 100)
    }

    @Test func oneSequencePerAuthorSharedByEveryKind() throws {
        var (ledger, token) = try setUp()
        let alice = Who.alice
        func send(_ nonce: UInt64, _ command: Command) throws {
            try ledger.apply(AuthenticatedCommand(author: alice, nonce: nonce, command: command))
        }
        try send(0, .approve(token, spender: alice, 10))
        try send(1, .transfer(token, to: Who.bob, 10))
        try send(2, .burn(token, 5))
        try send(3, .defineAsset(Fixture.definition(issuer: alice, nonce: 3, minters: [alice])))
        let own = AssetID(issuer: alice, nonce: 3)
        try send(4, .mint(own, to: Who.bob, 7))
        try send(5, .transferFrom(token, from: alice, to: Who.carol, 10))
        #expect(ledger.state.nonce(alice) == 6)
        #expect(ledger.state.assets[own]?.issuer == alice)
        #expect(ledger.balance(own, Who.bob) == 7)
        #expect(ledger.balance(token, Who.alice) == 75)
        // Whatever the kind, a reused nonce is too low.
        ledger.expectFailure(alice, .defineAsset(Fixture.definition(issuer: alice, nonce: 2)), .nonceTooLow, nonce: 2)
        ledger.expectFailure(alice, .mint(own, to: alice, 1), .nonceTooLow, nonce: 4)
    }

    @Test func authorsHaveIndependentSequences() throws {
        var (ledger, token) = try setUp()
        let issuerNonce = ledger.state.nonce(Who.issuer)
        let minterNonce = ledger.state.nonce(Who.minter)
        try ledger.run(Who.alice, .transfer(token, to: Who.bob, 50))
        try ledger.run(Who.bob, .transfer(token, to: Who.carol, 20))
        try ledger.run(Who.alice, .approve(token, spender: Who.bob, 20))
        try ledger.run(Who.bob, .transferFrom(token, from: Who.alice, to: Who.carol, 20))
        #expect(ledger.state.nonce(Who.alice) == 2)
        #expect(ledger.state.nonce(Who.bob) == 2)
        #expect(ledger.state.nonce(Who.carol) == 0)
        #expect(ledger.state.nonce(Who.issuer) == issuerNonce)
        #expect(ledger.state.nonce(Who.minter) == minterNonce)
        #expect(ledger.state.nonces[Who.carol] == nil)
    }
}
