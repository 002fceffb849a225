import HelioCrypto
import Testing

@testable import HelioLedger

/// OpenZeppelin v5 `test/token/ERC20/ERC20.behavior.js` (total supply, balanceOf,
/// `shouldBehaveLikeERC20Transfer`) and the `_transfer` cases of `ERC20.test.js`, case by case.
/// The holder has the whole initial supply; the recipient starts with nothing.
struct ERC20TransferTests {
    static let initialSupply: UInt256 = 100
    let holder = Who.alice
    let recipient = Who.bob

    func setUp() throws -> (TestLedger, AssetID) {
        var ledger = TestLedger()
        let token = try ledger.token(holders: [(holder, Self.initialSupply)])
        return (ledger, token)
    }

    // MARK: total supply, balanceOf

    @Test func totalSupplyReturnsTheTotalTokenValue() throws {
        let (ledger, token) = try setUp()
        #expect(ledger.supply(token) == Self.initialSupply)
    }

    @Test func balanceOfAnAccountWithNoTokensIsZero() throws {
        let (ledger, token) = try setUp()
        #expect(ledger.balance(token, recipient) == 0)
        #expect(ledger.state.balances[HoldingKey(token, recipient)] == nil)
    }

    @Test func balanceOfAnAccountWithTokensIsItsBalance() throws {
        let (ledger, token) = try setUp()
        #expect(ledger.balance(token, holder) == Self.initialSupply)
    }

    // MARK: transfer

    @Test func revertsWhenTheSenderDoesNotHaveEnoughBalance() throws {
        var (ledger, token) = try setUp()
        let value = Self.initialSupply.adding(1)!
        ledger.expectFailure(
            holder, .transfer(token, to: recipient, value), .insufficientBalance,
            [.address(holder), .uint(Self.initialSupply), .uint(value)])
    }

    @Test func transfersTheWholeBalanceAndEmitsTransfer() throws {
        var (ledger, token) = try setUp()
        let nonce = ledger.state.nonce(holder)
        let outcome = try ledger.run(holder, .transfer(token, to: recipient, Self.initialSupply))
        #expect(outcome.events == [.transfer(asset: token, from: holder, to: recipient, value: Self.initialSupply)])
        #expect(ledger.balance(token, holder) == 0)
        #expect(ledger.balance(token, recipient) == Self.initialSupply)
        #expect(ledger.supply(token) == Self.initialSupply)
        // Zero balances are not kept, so the emptied holder has no row left.
        #expect(ledger.state.balances[HoldingKey(token, holder)] == nil)
        #expect(
            outcome.changes == [
                .balance(asset: token, account: holder, amount: 0),
                .balance(asset: token, account: recipient, amount: Self.initialSupply),
                .nonce(account: holder, next: nonce + 1),
            ])
    }

    @Test func transfersPartOfTheBalance() throws {
        var (ledger, token) = try setUp()
        try ledger.run(holder, .transfer(token, to: recipient, 30))
        try ledger.run(holder, .transfer(token, to: recipient, 12))
        #expect(ledger.balance(token, holder) == 58)
        #expect(ledger.balance(token, recipient) == 42)
        #expect(ledger.supply(token) == Self.initialSupply)
    }

    @Test func transfersZeroTokensAndEmitsTransfer() throws {
        var (ledger, token) = try setUp()
        let outcome = try ledger.run(holder, .transfer(token, to: recipient, 0))
        #expect(outcome.events == [.transfer(asset: token, from: holder, to: recipient, value: 0)])
        #expect(ledger.balance(token, holder) == Self.initialSupply)
        #expect(ledger.balance(token, recipient) == 0)
        #expect(ledger.state.balances[HoldingKey(token, recipient)] == nil)
    }

    @Test func zeroValueTransferFromAnAccountWithoutTokensSucceeds() throws {
        var (ledger, token) = try setUp()
        let outcome = try ledger.run(recipient, .transfer(token, to: holder, 0))
        #expect(outcome.events == [.transfer(asset: token, from: recipient, to: holder, value: 0)])
        #expect(ledger.balance(token, holder) == Self.initialSupply)
    }

    @Test func revertsWhenTheRecipientIsTheZeroAddress() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            holder, .transfer(token, to: .zero, Self.initialSupply), .invalidReceiver, [.address(.zero)])
    }

    @Test func receiverCheckComesBeforeTheBalanceCheck() throws {
        // `_transfer` refuses 0x0 before `_update` looks at the balance.
        var (ledger, token) = try setUp()
        ledger.expectFailure(holder, .transfer(token, to: .zero, 101), .invalidReceiver, [.address(.zero)])
    }

    @Test func revertsWhenTheSenderIsTheZeroAddress() throws {
        // `_transfer(address(0), …)`: no key signs for 0x0, but the rule holds inside the ledger too.
        var (ledger, token) = try setUp()
        ledger.expectFailure(.zero, .transfer(token, to: recipient, 0), .invalidSender, [.address(.zero)])
        ledger.expectFailure(.zero, .transfer(token, to: .zero, 0), .invalidSender, [.address(.zero)])
    }

    @Test func selfTransferSucceedsAndLeavesTheBalance() throws {
        var (ledger, token) = try setUp()
        let outcome = try ledger.run(holder, .transfer(token, to: holder, Self.initialSupply))
        #expect(outcome.events == [.transfer(asset: token, from: holder, to: holder, value: Self.initialSupply)])
        #expect(ledger.balance(token, holder) == Self.initialSupply)
        #expect(ledger.supply(token) == Self.initialSupply)
    }

    @Test func selfTransferOfMoreThanTheBalanceReverts() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            holder, .transfer(token, to: holder, 101), .insufficientBalance,
            [.address(holder), .uint(Self.initialSupply), .uint(101)])
    }

    @Test func transferOfTheMaximumValueReverts() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            holder, .transfer(token, to: recipient, .max), .insufficientBalance,
            [.address(holder), .uint(Self.initialSupply), .uint(.max)])
    }

    @Test func transferOfAnUnknownAssetReverts() throws {
        var (ledger, _) = try setUp()
        let unknown = AssetID(issuer: Who.dave, nonce: 9)
        ledger.expectFailure(holder, .transfer(unknown, to: recipient, 1), .unknownAsset, [])
    }

    @Test func balancesAreKeptPerAsset() throws {
        var (ledger, token) = try setUp()
        let other = try ledger.token(holders: [(recipient, 7)])
        try ledger.run(holder, .transfer(token, to: recipient, 5))
        #expect(ledger.balance(other, recipient) == 7)
        #expect(ledger.balance(token, recipient) == 5)
        ledger.expectFailure(
            holder, .transfer(other, to: recipient, 1), .insufficientBalance, [.address(holder), .uint(0), .uint(1)])
    }
}
