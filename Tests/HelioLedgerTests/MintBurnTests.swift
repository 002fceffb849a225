import HelioCrypto
import Testing

@testable import HelioLedger

/// OpenZeppelin v5 `ERC20.test.js`, `_mint` and `_burn`, plus Helio's minter rule: only the addresses
/// a definition names may mint (the issuer is not implicitly one).
struct MintBurnTests {
    static let initialSupply: UInt256 = 100
    let holder = Who.alice
    let recipient = Who.bob

    func setUp() throws -> (TestLedger, AssetID) {
        var ledger = TestLedger()
        let token = try ledger.token(holders: [(holder, Self.initialSupply)])
        return (ledger, token)
    }

    // MARK: mint

    @Test func mintIncrementsSupplyAndBalanceAndEmitsTransferFromZero() throws {
        var (ledger, token) = try setUp()
        let value: UInt256 = 50
        let outcome = try ledger.run(Who.minter, .mint(token, to: recipient, value))
        #expect(outcome.events == [.transfer(asset: token, from: .zero, to: recipient, value: value)])
        #expect(ledger.supply(token) == 150)
        #expect(ledger.balance(token, recipient) == value)
        #expect(ledger.balance(token, holder) == Self.initialSupply)
        #expect(outcome.changes.contains(.supply(asset: token, total: 150)))
        #expect(outcome.changes.contains(.balance(asset: token, account: recipient, amount: value)))
    }

    @Test func mintAddsToAnExistingBalance() throws {
        var (ledger, token) = try setUp()
        try ledger.run(Who.minter, .mint(token, to: holder, 1))
        #expect(ledger.balance(token, holder) == 101)
        #expect(ledger.supply(token) == 101)
    }

    @Test func mintOfZeroEmitsTransferAndChangesNothingElse() throws {
        var (ledger, token) = try setUp()
        let outcome = try ledger.run(Who.minter, .mint(token, to: recipient, 0))
        #expect(outcome.events == [.transfer(asset: token, from: .zero, to: recipient, value: 0)])
        #expect(ledger.supply(token) == Self.initialSupply)
        #expect(ledger.state.balances[HoldingKey(token, recipient)] == nil)
    }

    @Test func mintRejectsTheZeroAccount() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(Who.minter, .mint(token, to: .zero, 1), .invalidReceiver, [.address(.zero)])
    }

    @Test func onlyAMinterMayMint() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(holder, .mint(token, to: holder, 1), .notMinter, [])
        // The issuer is not implicitly a minter.
        ledger.expectFailure(Who.issuer, .mint(token, to: holder, 1), .notMinter, [])
        // The minter rule comes first, whatever else is wrong.
        ledger.expectFailure(holder, .mint(token, to: .zero, .max), .notMinter)
    }

    @Test func everyListedMinterMayMint() throws {
        var ledger = TestLedger()
        let token = try ledger.token(minters: [Who.minter, Who.carol])
        try ledger.run(Who.minter, .mint(token, to: holder, 1))
        try ledger.run(Who.carol, .mint(token, to: holder, 2))
        #expect(ledger.balance(token, holder) == 3)
        // Minting rights are per asset.
        let other = try ledger.token(minters: [Who.dave])
        ledger.expectFailure(Who.minter, .mint(other, to: holder, 1), .notMinter)
    }

    @Test func mintRejectsOverflowingTheTotalSupply() throws {
        var (ledger, token) = try setUp()
        let room = UInt256.max.subtracting(Self.initialSupply)!
        ledger.expectFailure(Who.minter, .mint(token, to: recipient, room.adding(1)!), .overflow)
        ledger.expectFailure(Who.minter, .mint(token, to: holder, .max), .overflow)
        // Exactly up to 2^256 − 1 fits; then even 1 more overflows.
        try ledger.run(Who.minter, .mint(token, to: recipient, room))
        #expect(ledger.supply(token) == .max)
        #expect(ledger.balance(token, recipient) == room)
        ledger.expectFailure(Who.minter, .mint(token, to: holder, 1), .overflow)
        try ledger.run(Who.minter, .mint(token, to: holder, 0))
    }

    @Test func mintOfAnUnknownAssetReverts() throws {
        var (ledger, _) = try setUp()
        ledger.expectFailure(Who.minter, .mint(AssetID(issuer: Who.minter, nonce: 0), to: holder, 1), .unknownAsset)
    }

    // MARK: burn

    @Test(arguments: [UInt256(0), 99, 100])
    func burnDecrementsSupplyAndBalanceAndEmitsTransferToZero(value: UInt256) throws {
        var (ledger, token) = try setUp()
        let outcome = try ledger.run(holder, .burn(token, value))
        let left = Self.initialSupply.subtracting(value)!
        #expect(outcome.events == [.transfer(asset: token, from: holder, to: .zero, value: value)])
        #expect(ledger.supply(token) == left)
        #expect(ledger.balance(token, holder) == left)
        #expect(outcome.changes.contains(.supply(asset: token, total: left)))
        #expect(outcome.changes.contains(.balance(asset: token, account: holder, amount: left)))
    }

    @Test func burningEverythingRemovesTheBalanceRow() throws {
        var (ledger, token) = try setUp()
        try ledger.run(holder, .burn(token, Self.initialSupply))
        #expect(ledger.state.balances.isEmpty)
        #expect(ledger.supply(token) == 0)
    }

    @Test func burnRejectsMoreThanTheBalance() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            holder, .burn(token, 101), .insufficientBalance,
            [.address(holder), .uint(Self.initialSupply), .uint(101)])
        ledger.expectFailure(
            recipient, .burn(token, 1), .insufficientBalance, [.address(recipient), .uint(0), .uint(1)])
    }

    @Test func burnRejectsTheZeroAccount() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(.zero, .burn(token, 0), .invalidSender, [.address(.zero)])
    }

    @Test func burnOnlyTouchesTheBurnersBalance() throws {
        var (ledger, token) = try setUp()
        try ledger.run(holder, .transfer(token, to: recipient, 40))
        try ledger.run(recipient, .burn(token, 15))
        #expect(ledger.balance(token, holder) == 60)
        #expect(ledger.balance(token, recipient) == 25)
        #expect(ledger.supply(token) == 85)
    }

    @Test func burnOfAnUnknownAssetReverts() throws {
        var (ledger, _) = try setUp()
        ledger.expectFailure(holder, .burn(AssetID(issuer: holder, nonce: 3), 0), .unknownAsset)
    }
}
