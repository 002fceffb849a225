import HelioCrypto
import Testing

@testable import HelioLedger

/// OpenZeppelin v5 `shouldBehaveLikeERC20Approve` and the `_approve` cases of `ERC20.test.js`.
/// The owner holds the initial supply of 100.
struct ERC20ApproveTests {
    static let initialSupply: UInt256 = 100
    let owner = Who.alice
    let spender = Who.bob

    func setUp() throws -> (TestLedger, AssetID) {
        var ledger = TestLedger()
        let token = try ledger.token(holders: [(owner, Self.initialSupply)])
        return (ledger, token)
    }

    // MARK: when the spender is not the zero address, and the sender has enough balance

    @Test(arguments: [UInt256(100), 1, 0])
    func emitsAnApprovalEventAndApprovesTheValue(value: UInt256) throws {
        var (ledger, token) = try setUp()
        let outcome = try ledger.run(owner, .approve(token, spender: spender, value))
        #expect(outcome.events == [.approval(asset: token, owner: owner, spender: spender, value: value)])
        #expect(ledger.allowance(token, owner, spender) == value)
        #expect(outcome.changes.first == .allowance(asset: token, owner: owner, spender: spender, amount: value))
        // Approving moves nothing.
        #expect(ledger.balance(token, owner) == Self.initialSupply)
        #expect(ledger.balance(token, spender) == 0)
    }

    @Test func replacesAPreviouslyApprovedValue() throws {
        var (ledger, token) = try setUp()
        try ledger.run(owner, .approve(token, spender: spender, 1))
        let outcome = try ledger.run(owner, .approve(token, spender: spender, Self.initialSupply))
        #expect(outcome.events == [.approval(asset: token, owner: owner, spender: spender, value: Self.initialSupply)])
        #expect(ledger.allowance(token, owner, spender) == Self.initialSupply)
        // Overwrites also downwards: approve is not additive.
        try ledger.run(owner, .approve(token, spender: spender, 3))
        #expect(ledger.allowance(token, owner, spender) == 3)
    }

    // MARK: when the sender does not have enough balance

    @Test func approvesMoreThanTheBalance() throws {
        var (ledger, token) = try setUp()
        let value = Self.initialSupply.adding(1)!
        let outcome = try ledger.run(owner, .approve(token, spender: spender, value))
        #expect(outcome.events == [.approval(asset: token, owner: owner, spender: spender, value: value)])
        #expect(ledger.allowance(token, owner, spender) == value)
    }

    @Test func replacesAPreviousValueWithMoreThanTheBalance() throws {
        var (ledger, token) = try setUp()
        try ledger.run(owner, .approve(token, spender: spender, 1))
        try ledger.run(owner, .approve(token, spender: spender, 101))
        #expect(ledger.allowance(token, owner, spender) == 101)
    }

    @Test func anAccountWithoutTokensMayApprove() throws {
        var (ledger, token) = try setUp()
        try ledger.run(Who.carol, .approve(token, spender: spender, .max))
        #expect(ledger.allowance(token, Who.carol, spender) == .max)
    }

    // MARK: zero addresses

    @Test func revertsWhenTheSpenderIsTheZeroAddress() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(
            owner, .approve(token, spender: .zero, Self.initialSupply), .invalidSpender, [.address(.zero)])
    }

    @Test func revertsWhenTheOwnerIsTheZeroAddress() throws {
        var (ledger, token) = try setUp()
        ledger.expectFailure(.zero, .approve(token, spender: spender, 1), .invalidApprover, [.address(.zero)])
        // The approver is checked before the spender, as in `_approve`.
        ledger.expectFailure(.zero, .approve(token, spender: .zero, 1), .invalidApprover, [.address(.zero)])
    }

    // MARK: Helio's own

    @Test func approvingZeroRemovesTheAllowanceRowAndStillEmits() throws {
        var (ledger, token) = try setUp()
        try ledger.run(owner, .approve(token, spender: spender, 5))
        let outcome = try ledger.run(owner, .approve(token, spender: spender, 0))
        #expect(outcome.events == [.approval(asset: token, owner: owner, spender: spender, value: 0)])
        #expect(ledger.state.allowances.isEmpty)
    }

    @Test func allowancesAreKeptPerAssetOwnerAndSpender() throws {
        var (ledger, token) = try setUp()
        let other = try ledger.token()
        try ledger.run(owner, .approve(token, spender: spender, 10))
        try ledger.run(owner, .approve(token, spender: Who.carol, 20))
        try ledger.run(spender, .approve(token, spender: owner, 30))
        try ledger.run(owner, .approve(other, spender: spender, 40))
        #expect(ledger.allowance(token, owner, spender) == 10)
        #expect(ledger.allowance(token, owner, Who.carol) == 20)
        #expect(ledger.allowance(token, spender, owner) == 30)
        #expect(ledger.allowance(other, owner, spender) == 40)
        #expect(ledger.allowance(other, owner, Who.carol) == 0)
    }

    @Test func approveOfAnUnknownAssetReverts() throws {
        var (ledger, _) = try setUp()
        ledger.expectFailure(owner, .approve(AssetID(issuer: owner, nonce: 0), spender: spender, 1), .unknownAsset)
    }
}
