import Foundation
import HelioCrypto
import Testing

@testable import HelioLedger

/// SplitMix64: a tiny seeded generator, so a failing property test can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of this run: HELIO_LEDGER_SEED when set (to replay a failure), otherwise a fresh one.
    static func runSeed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["HELIO_LEDGER_SEED"], let seed = UInt64(text) { return seed }
        return UInt64.random(in: 0...UInt64.max)
    }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}

/// Random command sequences against the ledger's invariants: Σ balances = totalSupply per asset, no
/// balance above the supply, a refused command changes nothing, the state is rebuilt exactly by
/// replaying the accepted commands, by applying the emitted row changes, and by `restore`.
struct LedgerPropertyTests {
    static let sequences = 300
    static let steps = 50

    @Test func randomSequencesKeepTheInvariants() {
        let seed = SeededGenerator.runSeed()
        var failures = 0
        for sequence in 0..<Self.sequences {
            var run = RandomRun(seed: seed &+ UInt64(sequence))
            if let failure = run.go(steps: Self.steps) {
                Issue.record("HELIO_LEDGER_SEED=\(seed), sequence \(sequence): \(failure)")
                failures += 1
                if failures >= 3 { break }
            }
        }
    }

    @Test func replayThroughSignedJournalEntriesGivesTheSameState() throws {
        // What `helio replay` does: entry → SignedCommand → authenticate → apply. Signing is slow in debug
        // builds, so fewer sequences; no zero-address authors, since no key signs for 0x0.
        let seed = SeededGenerator.runSeed()
        for sequence in 0..<10 {
            var run = RandomRun(seed: seed &+ UInt64(sequence), zeroAuthors: false)
            if let failure = run.go(steps: 40) {
                Issue.record("HELIO_LEDGER_SEED=\(seed), sequence \(sequence): \(failure)")
                continue
            }
            var replayed = LedgerState()
            for applied in run.ledger.journal {
                let key = try #require(TestKey.of(applied.command.author))
                let signed = try SignedCommand.sign(
                    applied.command.command, nonce: applied.command.nonce, domain: testDomain, with: key)
                let entry = JournalEntry(
                    index: applied.context.index, time: applied.context.time, signed: signed,
                    author: applied.command.author)
                let command = try entry.signedCommand().authenticate(domain: testDomain)
                #expect(command == applied.command, "HELIO_LEDGER_SEED=\(seed), sequence \(sequence)")
                _ = try replayed.apply(command, context: applied.context)
            }
            #expect(replayed == run.ledger.state, "HELIO_LEDGER_SEED=\(seed), sequence \(sequence)")
            #expect(replayed.digest == run.ledger.state.digest)
        }
    }
}

/// The projection a store keeps, rebuilt only from the `StateChange`s that `apply` emits.
struct Projection {
    var assets: [AssetID: Asset] = [:]
    var balances: [HoldingKey: UInt256] = [:]
    var allowances: [AllowanceKey: UInt256] = [:]
    var nonces: [Address: UInt64] = [:]

    mutating func apply(_ changes: [StateChange]) {
        for change in changes {
            switch change {
            case .asset(let a): assets[a.id] = a
            case .supply(let id, let total): assets[id]?.totalSupply = total
            case .balance(let id, let account, let amount): balances[HoldingKey(id, account)] = amount
            case .allowance(let id, let owner, let spender, let amount):
                allowances[AllowanceKey(id, owner, spender)] = amount
            case .nonce(let account, let next): nonces[account] = next
            case .registry, .device, .oracle, .assignment, .attestation, .issuance, .certificateConfig,
                .issuancePolicy, .goCarry, .gcHour, .lot, .part, .cancellation:
                // Registry and certificate changes: these random runs issue only ERC20 commands.
                Issue.record("unexpected registry change \(change)")
            }
        }
    }

    var state: LedgerState {
        LedgerState.restore(
            assets: Array(assets.values), balances: balances, allowances: allowances, nonces: nonces)
    }
}

/// One random sequence: three assets, six accounts (and now and then the zero address), commands of
/// every kind with amounts around the interesting edges.
struct RandomRun {
    var rng: SeededGenerator
    let zeroAuthors: Bool
    var ledger = TestLedger()
    var projection = Projection()
    var assets: [AssetID] = []

    init(seed: UInt64, zeroAuthors: Bool = true) {
        rng = SeededGenerator(seed: seed)
        self.zeroAuthors = zeroAuthors
    }

    /// Runs the sequence; returns a description of the first broken invariant, or nil.
    mutating func go(steps: Int) -> String? {
        for issuer in Who.all.prefix(3) {
            let minters = [Who.minter, rng.pick(Who.all)]
            let nonce = ledger.state.nonce(issuer)
            let command = AuthenticatedCommand(
                author: issuer, nonce: nonce,
                command: .defineAsset(Fixture.definition(issuer: issuer, nonce: nonce, minters: minters)))
            if let failure = step(command, expectSuccess: true) { return "setup: \(failure)" }
            assets.append(AssetID(issuer: issuer, nonce: nonce))
        }
        for i in 0..<steps {
            let command = randomCommand()
            if let failure = step(command, expectSuccess: false) { return "step \(i), \(command): \(failure)" }
        }
        return finalChecks()
    }

    mutating func step(_ command: AuthenticatedCommand, expectSuccess: Bool) -> String? {
        let before = ledger.state
        do {
            let outcome = try ledger.apply(command)
            let state = ledger.state
            if state.nonce(command.author) != before.nonce(command.author) + 1 { return "nonce not consumed once" }
            if state.digest == before.digest { return "digest unchanged by an accepted command" }
            projection.apply(outcome.changes)
            if projection.state != state { return "the emitted changes do not rebuild the state" }
            if case .defineAsset = command.command {
                assets.append(AssetID(issuer: command.author, nonce: command.nonce))
            }
            return invariants(state)
        } catch {
            if expectSuccess { return "refused: \(error)" }
            if ledger.state != before { return "refused with \(error.code) but the state changed" }
            if ledger.state.digest != before.digest { return "refused with \(error.code) but the digest changed" }
            return nil
        }
    }

    func invariants(_ state: LedgerState) -> String? {
        for (id, asset) in state.assets {
            var sum = UInt256.zero
            for (key, balance) in state.balances where key.asset == id {
                guard let next = sum.adding(balance) else { return "Σ balances of \(id) overflows" }
                sum = next
                if balance > asset.totalSupply { return "balance \(balance) above supply \(asset.totalSupply)" }
            }
            if sum != asset.totalSupply { return "Σ balances \(sum) ≠ totalSupply \(asset.totalSupply) of \(id)" }
            if state.assetsByToken[asset.tokenAddress] != id { return "assetsByToken misses \(id)" }
        }
        if state.assetsByToken.count != state.assets.count { return "assetsByToken has extra rows" }
        if state.balances.values.contains(where: \.isZero) { return "a zero balance is kept" }
        if state.allowances.values.contains(where: \.isZero) { return "a zero allowance is kept" }
        if state.balances.keys.contains(where: { state.assets[$0.asset] == nil || $0.account == .zero }) {
            return "a balance of an unknown asset or of 0x0"
        }
        return nil
    }

    func finalChecks() -> String? {
        let state = ledger.state
        var replayed = LedgerState()
        for applied in ledger.journal {
            do {
                let outcome = try replayed.apply(applied.command, context: applied.context)
                if outcome != applied.outcome { return "replay of entry \(applied.context.index) differs" }
            } catch {
                return "replay of entry \(applied.context.index) refused: \(error)"
            }
        }
        if replayed != state { return "replaying the journal gives another state" }
        if replayed.digest != state.digest { return "replaying the journal gives another digest" }
        let restored = LedgerState.restore(
            assets: Array(state.assets.values), balances: state.balances, allowances: state.allowances,
            nonces: state.nonces)
        if restored != state || restored.digest != state.digest { return "restore differs" }
        return nil
    }

    // MARK: generators

    mutating func address(zero percent: Int = 6) -> Address {
        rng.chance(percent) ? .zero : rng.pick(Who.all)
    }

    /// 0, 1, max, small, huge, or right at / just past `edges` (a balance, an allowance, the room left).
    mutating func amount(near edges: [UInt256]) -> UInt256 {
        let edge = rng.pick(edges)
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return 0
        case 1: return 1
        case 2: return .max
        case 3: return UInt256(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next())
        case 4, 5: return edge
        case 6: return edge.adding(1) ?? edge
        case 7: return edge.subtracting(1) ?? edge
        default: return UInt256(UInt64.random(in: 0...1000, using: &rng))
        }
    }

    mutating func randomCommand() -> AuthenticatedCommand {
        let state = ledger.state
        let author = zeroAuthors ? address(zero: 3) : rng.pick(Who.all)
        var asset = rng.pick(assets)
        if rng.chance(3) { asset = AssetID(issuer: rng.pick(Who.all), nonce: 1000) }
        let supply = state.assets[asset]?.totalSupply ?? 0
        let balance = state.balance(asset, author)
        let command: Command
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<28:
            command = .transfer(asset, to: address(), amount(near: [balance]))
        case 28..<48:
            // Mostly an owner who approved the author (sorted: dictionary order differs between runs).
            let owners = state.allowances.keys.filter { $0.asset == asset && $0.spender == author }.map(\.owner)
            let from =
                !owners.isEmpty && rng.chance(70)
                ? rng.pick(owners.sorted()) : rng.chance(80) ? rng.pick(Who.all) : address()
            let allowance = state.allowance(asset, owner: from, spender: author)
            command = .transferFrom(
                asset, from: from, to: address(), amount(near: [allowance, state.balance(asset, from)]))
        case 48..<63:
            command = .approve(asset, spender: address(), rng.chance(10) ? .max : amount(near: [balance]))
        case 63..<80:
            let minter = rng.chance(70) ? Who.minter : author
            let room = UInt256.max.subtracting(supply)!
            let value = rng.chance(70) ? UInt256(UInt64.random(in: 0...1_000_000, using: &rng)) : amount(near: [room])
            return withNonce(minter, .mint(asset, to: address(), value))
        case 80..<94:
            command = .burn(asset, amount(near: [balance]))
        default:
            let nonce = state.nonce(author)
            var definition = Fixture.definition(
                issuer: author, nonce: nonce, decimals: UInt8.random(in: 0...18, using: &rng),
                minters: [Who.minter, rng.pick(Who.all)])
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: definition.definition.assetIDs = [AssetID(issuer: author, nonce: nonce + 1).text]
            case 1: definition.definition.divisibility += 1
            default: break
            }
            command = .defineAsset(definition)
        }
        return withNonce(author, command)
    }

    /// The author's next nonce, or now and then a used one or one past it.
    mutating func withNonce(_ author: Address, _ command: Command) -> AuthenticatedCommand {
        var nonce = ledger.state.nonce(author)
        if rng.chance(5) {
            nonce =
                nonce > 0 && rng.chance(50)
                ? UInt64.random(in: 0..<nonce, using: &rng) : nonce + UInt64.random(in: 1...3, using: &rng)
        }
        return AuthenticatedCommand(author: author, nonce: nonce, command: command)
    }
}
