import HelioCrypto
import Testing

@testable import HelioLedger

/// OpenZeppelin v5 `ERC20.behavior.js`, "transfer from", case by case: the owner holds the initial
/// supply of 100, the spender spends it, the recipient receives. `_spendAllowance` runs before
/// `_transfer`, so a short allowance wins over a short balance.
struct ERC20TransferFromTests {
    static let initialSupply: UInt256 = 100
    let owner = Who.alice
    let spender = Who.bob
    let recipient = Who.carol

    func setUp(allowance: UInt256? = nil) throws -> (TestLedger, AssetID) {
        var ledger = TestLedger()
        let token = try ledger.token(holders: [(owner, Self.initialSupply)])
        if let allowance { try ledger.run(owner, .approve(token, spender: spender, allowance)) }
        return (ledger, token)
    }

    // MARK: when the spender has enough allowance

    @Test func transfersTheRequestedValue() throws {
        var (ledger, token) = try setUp(allowance: Self.initialSupply)
        let spenderNonce = ledger.state.nonce(spender)
        let ownerNonce = ledger.state.nonce(owner)
        try ledger.run(spender, .transferFrom(token, from: owner, to: recipient, Self.initialSupply))
        #expect(ledger.balance(token, owner) == 0)
        #expect(ledger.balance(token, recipient) == Self.initialSupply)
        #expect(ledger.balance(token, spender) == 0)
        #expect(ledger.supply(token) == Self.initialSupply)
        // The spender authored the command: its nonce is consumed, the owner's is not.
        #expect(ledger.state.nonce(spender) == spenderNonce + 1)
        #expect(ledger.state.nonce(owner) == ownerNonce)
    }

    @Test func decreasesTheSpenderAllowance() throws {
        var (ledger, token) = try setUp(allowance: Self.initialSupply)
        try ledger.run(spender, .transferFrom(token, from: owner, to: recipient, 40))
        #expect(ledger.allowance(token, owner, spender) == 60)
        try ledger.run(spender, .transferFrom(token, from: owner, to: recipient, 60))
        #expect(ledger.allowance(token, owner, spender) == 0)
        #expect(ledger.state.allowances.isEmpty)
    }

    @Test func emitsATransferEventAndNoApprovalEvent() throws {
        var (ledger, token) = try setUp(allowance: Self.initialSupply)
        let outcome = try ledger.run(spender, .transferFrom(token, from: owner, to: recipient, Self.initialSupply))
        #expect(outcome.events == [.transfer(asset: token, from: owner, to: recipient, value: Self.initialSupply)])
        // The store still learns the new allowance, before the balances move.
        #expect(
            outcome.changes == [
                .allowance(asset: token, owner: owner, spender: spender, amount: 0),
                .balance(asset: token, account: owner, amount: 0),
                .balance(asset: token, account: recipient, amount: Self.initialSupply),
                .nonce(account: spender, next: 1),
            ])
    }

    @Test func revertsWhenTheOwnerDoesNotHaveEnoughBalance() throws {
        var (ledger, token) = try setUp(allowance: Self.initialSupply)
        try ledger.run(owner, .transfer(token, to: Who.dave, 1))
        ledger.expectFailure(
            spender, .transferFrom(token, from: owner, to: recipient, Self.initialSupply), .insufficientBalance,
            [.address(owner), .uint(99), .uint(Self.initialSupply)])
        // The allowance is untouched: the failed transfer spent nothing.
        #expect(ledger.allowance(token, owner, spender) == Self.initialSupply)
    }

    // MARK: when the spender does not have enough allowance

    @Test func revertsWhenTheAllowanceIsShortButTheBalanceIsEnough() throws {
        var (ledger, token) = try setUp(allowance: 99)
        ledger.expectFailure(
            spender, .transferFrom(token, from: owner, to: recipient, Self.initialSupply), .insufficientAllowance,
            [.address(spender), .uint(99), .uint(Self.initialSupply)])
    }

    @Test func theAllowanceErrorWinsWhenTheBalanceIsShortToo() throws {
        var (ledger, token) = try setUp(allowance: 99)
        try ledger.run(owner, .transfer(token, to: Who.dave, 2))
        ledger.expectFailure(
            spender, .transferFrom(token, from: owner, to: recipient, Self.initialSupply), .insufficientAllowance,
            [.address(spender), .uint(99), .uint(Self.initialSupply)])
    }

    @Test func revertsWithoutAnyAllowance() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            spender, .transferFrom(token, from: owner, to: recipient, 1), .insufficientAllowance,
            [.address(spender), .uint(0), .uint(1)])
    }

    @Test func theOwnerNeedsAnAllowanceToo() throws {
        // transferFrom(owner, …) sent by the owner still spends allowance(owner, owner).
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            owner, .transferFrom(token, from: owner, to: recipient, 10), .insufficientAllowance,
            [.address(owner), .uint(0), .uint(10)])
    }

    @Test func zeroValueNeedsNoAllowanceAndEmitsTransfer() throws {
        var (ledger, token) = try setUp()
        let outcome = try ledger.run(spender, .transferFrom(token, from: owner, to: recipient, 0))
        #expect(outcome.events == [.transfer(asset: token, from: owner, to: recipient, value: 0)])
        #expect(ledger.balance(token, owner) == Self.initialSupply)
        #expect(ledger.state.allowances.isEmpty)
    }

    // MARK: when the spender has unlimited allowance

    @Test func doesNotDecreaseAnUnlimitedAllowance() throws {
        var (ledger, token) = try setUp(allowance: .max)
        let outcome = try ledger.run(spender, .transferFrom(token, from: owner, to: recipient, 1))
        #expect(ledger.allowance(token, owner, spender) == .max)
        #expect(ledger.balance(token, recipient) == 1)
        // No Approval event and no allowance row written.
        #expect(outcome.events == [.transfer(asset: token, from: owner, to: recipient, value: 1)])
        #expect(!outcome.changes.contains { if case .allowance = $0 { true } else { false } })
    }

    @Test func anAllowanceJustBelowUnlimitedIsDecreased() throws {
        let almost = UInt256.max.subtracting(1)!
        var (ledger, token) = try setUp(allowance: almost)
        try ledger.run(spender, .transferFrom(token, from: owner, to: recipient, 1))
        #expect(ledger.allowance(token, owner, spender) == UInt256.max.subtracting(2)!)
    }

    @Test func unlimitedAllowanceStillNeedsTheBalance() throws {
        var (ledger, token) = try setUp(allowance: .max)
        ledger.expectFailure(
            spender, .transferFrom(token, from: owner, to: recipient, 101), .insufficientBalance,
            [.address(owner), .uint(Self.initialSupply), .uint(101)])
    }

    // MARK: zero addresses

    @Test func revertsWhenTheRecipientIsTheZeroAddress() throws {
        var (ledger, token) = try setUp(allowance: Self.initialSupply)
        ledger.expectFailure(
            spender, .transferFrom(token, from: owner, to: .zero, Self.initialSupply), .invalidReceiver,
            [.address(.zero)])
        #expect(ledger.allowance(token, owner, spender) == Self.initialSupply)
    }

    @Test func revertsWhenTheTokenOwnerIsTheZeroAddress() throws {
        // OpenZeppelin's case uses value 0: the allowance check passes, then `_approve(0x0, …)` refuses.
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            spender, .transferFrom(token, from: .zero, to: recipient, 0), .invalidApprover, [.address(.zero)])
        // With a value, the (empty) allowance of 0x0 is checked first.
        ledger.expectFailure(
            spender, .transferFrom(token, from: .zero, to: recipient, 1), .insufficientAllowance,
            [.address(spender), .uint(0), .uint(1)])
    }

    @Test func revertsWhenTheSpenderIsTheZeroAddress() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            .zero, .transferFrom(token, from: owner, to: recipient, 0), .invalidSpender, [.address(.zero)])
    }

    // MARK: Helio's own

    @Test func transferFromToTheOwnerSpendsTheAllowanceAndKeepsTheBalance() throws {
        var (ledger, token) = try setUp(allowance: 50)
        let outcome = try ledger.run(spender, .transferFrom(token, from: owner, to: owner, 50))
        #expect(outcome.events == [.transfer(asset: token, from: owner, to: owner, value: 50)])
        #expect(ledger.balance(token, owner) == Self.initialSupply)
        #expect(ledger.allowance(token, owner, spender) == 0)
    }

    @Test func transferFromOfAnUnknownAssetReverts() throws {
        var (ledger, _) = try setUp()
        ledger.expectFailure(
            spender, .transferFrom(AssetID(issuer: owner, nonce: 7), from: owner, to: recipient, 0), .unknownAsset)
    }
}
