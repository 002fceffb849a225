import HelioCrypto
import Testing

@testable import HelioLedger

/// `LedgerState.execute`: an Ethereum transaction with the right nonce always lands. When its call fails
/// it lands as a failure (receipt status 0): the author's nonce is consumed, nothing else changes, no
/// event is emitted, and `failure` carries the ERC-6093 error the revert data is made from. Only a wrong
/// nonce refuses it outright, changing nothing.
struct ExecuteTests {
    static let initialSupply: UInt256 = 100

    func setUp() throws -> (TestLedger, AssetID) {
        var ledger = TestLedger()
        let token = try ledger.token(holders: [(Who.alice, Self.initialSupply)])
        return (ledger, token)
    }

    /// Executes `command` by `author` with its next nonce; expects it to land as a failure with `code` and
    /// `arguments`, and the state to differ from before only by the author's consumed nonce.
    func expectLandedFailure(
        _ ledger: inout TestLedger, _ author: Address, _ command: Command, _ code: LedgerError.Code,
        _ arguments: [LedgerError.Argument], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = ledger.state
        let nonce = before.nonce(author)
        let context = ledger.nextContext
        let outcome = try ledger.state.execute(
            AuthenticatedCommand(author: author, nonce: nonce, command: command), context: context)
        #expect(outcome.failure?.code == code, "\(String(describing: outcome.failure))", sourceLocation: sourceLocation)
        #expect(outcome.failure?.arguments == arguments, sourceLocation: sourceLocation)
        #expect(outcome.events.isEmpty, sourceLocation: sourceLocation)
        #expect(outcome.changes == [.nonce(account: author, next: nonce + 1)], sourceLocation: sourceLocation)
        var expected = before
        expected.nonces[author] = nonce + 1
        #expect(ledger.state == expected, "only the nonce may change", sourceLocation: sourceLocation)
        #expect(ledger.state.digest == expected.digest, sourceLocation: sourceLocation)
        #expect(ledger.state.digest != before.digest, "the consumed nonce is state", sourceLocation: sourceLocation)
    }

    // MARK: failed calls land

    @Test func anInsufficientBalanceLandsWithOnlyTheNonce() throws {
        var (ledger, token) = try setUp()
        try expectLandedFailure(
            &ledger, Who.alice, .transfer(token, to: Who.bob, 101), .insufficientBalance,
            [.address(Who.alice), .uint(100), .uint(101)])
        #expect(ledger.balance(token, Who.alice) == Self.initialSupply)
        #expect(ledger.balance(token, Who.bob) == 0)
        #expect(ledger.state.nonce(Who.alice) == 1)
    }

    @Test func anInsufficientAllowanceLandsWithOnlyTheNonce() throws {
        var (ledger, token) = try setUp()
        try ledger.run(Who.alice, .approve(token, spender: Who.bob, 10))
        try expectLandedFailure(
            &ledger, Who.bob, .transferFrom(token, from: Who.alice, to: Who.carol, 11), .insufficientAllowance,
            [.address(Who.bob), .uint(10), .uint(11)])
        #expect(ledger.allowance(token, Who.alice, Who.bob) == 10)
        #expect(ledger.balance(token, Who.carol) == 0)
        #expect(ledger.state.nonce(Who.bob) == 1)
    }

    @Test func aZeroReceiverLandsWithOnlyTheNonce() throws {
        var (ledger, token) = try setUp()
        try expectLandedFailure(
            &ledger, Who.alice, .transfer(token, to: .zero, 1), .invalidReceiver, [.address(.zero)])
        try ledger.run(Who.alice, .approve(token, spender: Who.bob, 5))
        try expectLandedFailure(
            &ledger, Who.bob, .transferFrom(token, from: Who.alice, to: .zero, 5), .invalidReceiver,
            [.address(.zero)])
        // The failed transferFrom spent none of the allowance.
        #expect(ledger.allowance(token, Who.alice, Who.bob) == 5)
        #expect(ledger.state.nonce(Who.alice) == 2)
    }

    @Test func aZeroSpenderLandsWithOnlyTheNonce() throws {
        var (ledger, token) = try setUp()
        try expectLandedFailure(
            &ledger, Who.alice, .approve(token, spender: .zero, 1), .invalidSpender, [.address(.zero)])
    }

    @Test func nonERC20ErrorsLandToo() throws {
        // Ethereum knows no "refused" call: an unknown token or a mint by a stranger also lands as status 0.
        var (ledger, token) = try setUp()
        let unknown = AssetID(issuer: Who.dave, nonce: 9)
        try expectLandedFailure(&ledger, Who.alice, .transfer(unknown, to: Who.bob, 1), .unknownAsset, [])
        try expectLandedFailure(&ledger, Who.bob, .mint(token, to: Who.bob, 1), .notMinter, [])
    }

    @Test func failuresKeepConsumingNoncesInOrder() throws {
        var (ledger, token) = try setUp()
        for n: UInt64 in 0..<3 {
            let outcome = try ledger.state.execute(
                AuthenticatedCommand(author: Who.bob, nonce: n, command: .transfer(token, to: Who.carol, 1)),
                context: ledger.nextContext)
            #expect(outcome.failure?.code == .insufficientBalance)
        }
        #expect(ledger.state.nonce(Who.bob) == 3)
        // The next nonce now succeeds once bob has funds.
        try ledger.run(Who.alice, .transfer(token, to: Who.bob, 1))
        let outcome = try ledger.state.execute(
            AuthenticatedCommand(author: Who.bob, nonce: 3, command: .transfer(token, to: Who.carol, 1)),
            context: ledger.nextContext)
        #expect(outcome.failure == nil)
        #expect(ledger.balance(token, Who.carol) == 1)
    }

    // MARK: nonce errors throw

    @Test func nonceErrorsThrowAndChangeNothing() throws {
        var (ledger, token) = try setUp()
        try ledger.run(Who.alice, .transfer(token, to: Who.bob, 1))
        let cases: [(UInt64, Command, LedgerError.Code)] = [
            (0, .transfer(token, to: Who.bob, 1), .nonceTooLow),  // would succeed
            (0, .transfer(token, to: Who.bob, 1_000), .nonceTooLow),  // would fail
            (2, .transfer(token, to: Who.bob, 1), .nonceGap),
            (2, .transfer(token, to: .zero, 1), .nonceGap),
            (.max, .approve(token, spender: .zero, 1), .nonceGap),
        ]
        for (nonce, command, code) in cases {
            let before = ledger.state
            do {
                let outcome = try ledger.state.execute(
                    AuthenticatedCommand(author: Who.alice, nonce: nonce, command: command),
                    context: ledger.nextContext)
                Issue.record("nonce \(nonce), \(command) landed: \(outcome)")
            } catch {
                #expect(error.code == code, "nonce \(nonce), \(command): \(error)")
            }
            #expect(ledger.state == before)
            #expect(ledger.state.digest == before.digest)
        }
        #expect(ledger.state.nonce(Who.alice) == 1)
    }

    // MARK: success is apply

    @Test func successEqualsApply() throws {
        var (ledger, token) = try setUp()
        try ledger.run(Who.alice, .approve(token, spender: Who.bob, .max))
        let commands: [(Address, Command)] = [
            (Who.alice, .transfer(token, to: Who.bob, 40)),
            (Who.alice, .transfer(token, to: Who.alice, 10)),  // self transfer
            (Who.alice, .transfer(token, to: Who.carol, 0)),  // zero value
            (Who.alice, .approve(token, spender: Who.carol, 7)),
            (Who.bob, .transferFrom(token, from: Who.alice, to: Who.dave, 20)),  // infinite allowance
            (Who.carol, .transferFrom(token, from: Who.alice, to: Who.carol, 7)),
            (Who.minter, .mint(token, to: Who.dave, 5)),
            (Who.dave, .burn(token, 3)),
        ]
        for (author, command) in commands {
            let authenticated = AuthenticatedCommand(
                author: author, nonce: ledger.state.nonce(author), command: command)
            let context = ledger.nextContext
            var applied = ledger.state
            let expected = try applied.apply(authenticated, context: context)
            let outcome = try ledger.state.execute(authenticated, context: context)
            #expect(outcome == expected, "\(command)")
            #expect(outcome.failure == nil)
            #expect(ledger.state == applied)
            ledger.journal.append(Applied(command: authenticated, context: context, outcome: outcome))
        }
        #expect(ledger.balance(token, Who.dave) == 22)
        #expect(ledger.allowance(token, Who.alice, Who.bob) == .max)
        #expect(ledger.allowance(token, Who.alice, Who.carol) == 0)
    }

    // MARK: check

    @Test func checkOnlyTakesTheCallableCommands() throws {
        let (ledger, token) = try setUp()
        for command: Command in [.mint(token, to: Who.bob, 1), .burn(token, 1)] {
            do {
                try ledger.state.check(command, by: Who.minter)
                Issue.record("\(command) was checked")
            } catch {
                #expect(error.code == .malformedCommand)
            }
        }
    }

    /// Property: for random transfer / approve / transferFrom calls against random states (RandomRun's
    /// sequences), `check` throws exactly the error (code, message, ERC-6093 arguments) that `apply` throws
    /// on a copy with the author's next nonce — and nothing when `apply` succeeds — and never changes the
    /// state. Replay a failure with HELIO_LEDGER_SEED.
    @Test func checkThrowsExactlyWhatApplyThrows() {
        let seed = SeededGenerator.runSeed()
        var failures = 0
        var outcomes: [String: Int] = [:]
        sequences: for sequence in 0..<60 {
            var run = RandomRun(seed: seed &+ UInt64(sequence))
            if let failure = run.go(steps: 40) {
                Issue.record("HELIO_LEDGER_SEED=\(seed), sequence \(sequence), setup: \(failure)")
                continue
            }
            for step in 0..<60 {
                let (author, command) = run.randomCall()
                let state = run.ledger.state
                let digest = state.digest
                var copy = state
                let applied = Result { () throws(LedgerError) in
                    try copy.apply(
                        AuthenticatedCommand(author: author, nonce: state.nonce(author), command: command),
                        context: run.ledger.nextContext)
                }
                let checked = Result { () throws(LedgerError) in try state.check(command, by: author) }
                var problem: String? = nil
                switch (applied, checked) {
                case (.success, .success): outcomes["success", default: 0] += 1
                case (.failure(let a), .failure(let c)):
                    outcomes[a.code.rawValue, default: 0] += 1
                    if a != c { problem = "apply threw \(a.code) \(a.arguments), check threw \(c.code) \(c.arguments)" }
                case (.failure(let a), .success): problem = "apply threw \(a.code), check passed"
                case (.success, .failure(let c)): problem = "apply succeeded, check threw \(c.code)"
                }
                if run.ledger.state != state || run.ledger.state.digest != digest {
                    problem = "check changed the state"
                }
                if let problem {
                    Issue.record(
                        "HELIO_LEDGER_SEED=\(seed), sequence \(sequence), step \(step), \(command): \(problem)")
                    failures += 1
                    if failures >= 3 { break sequences }
                }
                // Let the state move on now and then, so later calls meet spent allowances and balances.
                if run.rng.chance(40) {
                    _ = try? run.ledger.apply(
                        AuthenticatedCommand(author: author, nonce: state.nonce(author), command: command))
                }
            }
        }
        // The generator must reach every error the three calls can raise, and success.
        for code: LedgerError.Code in [
            .insufficientBalance, .insufficientAllowance, .invalidReceiver, .invalidSender, .invalidSpender,
            .invalidApprover, .unknownAsset,
        ] {
            #expect(outcomes[code.rawValue, default: 0] > 0, "HELIO_LEDGER_SEED=\(seed): no \(code) generated")
        }
        #expect(outcomes["success", default: 0] > 100, "HELIO_LEDGER_SEED=\(seed): \(outcomes)")
    }
}

extension RandomRun {
    /// A random ERC20 call an Ethereum transaction could make: transfer, approve or transferFrom, by a
    /// random author (sometimes 0x0), on a known asset (rarely an unknown one), with amounts at the edges
    /// of the balances and allowances involved.
    mutating func randomCall() -> (Address, Command) {
        let state = ledger.state
        let author = address(zero: 4)
        var asset = rng.pick(assets)
        if rng.chance(3) { asset = AssetID(issuer: rng.pick(Who.all), nonce: 1000) }
        let balance = state.balance(asset, author)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            return (author, .transfer(asset, to: address(), amount(near: [balance])))
        case 1:
            return (author, .approve(asset, spender: address(), rng.chance(10) ? .max : amount(near: [balance])))
        default:
            let owners = state.allowances.keys.filter { $0.asset == asset && $0.spender == author }.map(\.owner)
            let from = !owners.isEmpty && rng.chance(70) ? rng.pick(owners.sorted()) : address(zero: 10)
            let allowance = state.allowance(asset, owner: from, spender: author)
            return (
                author,
                .transferFrom(asset, from: from, to: address(), amount(near: [allowance, state.balance(asset, from)]))
            )
        }
    }
}
