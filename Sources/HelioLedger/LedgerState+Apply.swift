import HelioCrypto

extension LedgerState {
    /// Applies one authenticated command: the ONLY way the ledger's state changes.
    ///
    /// ERC20 rules follow OpenZeppelin v5 exactly: transfers to 0x0 refused, zero-value and self
    /// transfers succeed and emit Transfer, approve overwrites and emits Approval, transferFrom spends
    /// the allowance BEFORE moving funds (so a short allowance wins over a short balance), emits no
    /// Approval, and never decreases an allowance of 2^256−1. On any error nothing changes and the
    /// author's nonce is not consumed.
    public mutating func apply(_ cmd: AuthenticatedCommand, context: EntryContext) throws(LedgerError) -> Outcome {
        let expected = nonce(cmd.author)
        guard cmd.nonce >= expected else {
            throw LedgerError(
                .nonceTooLow, "nonce \(cmd.nonce) of \(cmd.author) was already used (next is \(expected))")
        }
        guard cmd.nonce == expected else {
            throw LedgerError(.nonceGap, "nonce \(cmd.nonce) of \(cmd.author) leaves a gap (next is \(expected))")
        }
        var out = Outcome()
        switch cmd.command {
        case .defineAsset(let c): try defineAsset(c, by: cmd.author, nonce: cmd.nonce, context: context, &out)
        case .mint(let c): try mint(c, by: cmd.author, &out)
        case .transfer(let c): try move(c.asset, from: cmd.author, to: c.to, c.amount, &out)
        case .approve(let c): try approve(c, by: cmd.author, &out)
        case .transferFrom(let c): try transferFrom(c, by: cmd.author, &out)
        case .burn(let c): try burn(c, by: cmd.author, &out)
        case .configureRegistry(let c): try configureRegistry(c, by: cmd.author, &out)
        case .registerDevice(let c): try registerDevice(c.device, by: cmd.author, context: context, &out)
        case .registerOracle(let c): try registerOracle(c, by: cmd.author, context: context, &out)
        case .assignOracles(let c): try assignOracles(c, by: cmd.author, context: context, &out)
        case .setDeviceStatus(let c): try setDeviceStatus(c, by: cmd.author, &out)
        case .setOracleStatus(let c): try setOracleStatus(c, by: cmd.author, &out)
        case .configureCertificates(let c): try configureCertificates(c, by: cmd.author, &out)
        case .setIssuancePolicy(let c): try setIssuancePolicy(c, by: cmd.author, context: context, &out)
        case .transferCertificate(let c): try transferCertificate(c, by: cmd.author, context: context, &out)
        case .cancelCertificate(let c): try cancelCertificate(c, by: cmd.author, context: context, &out)
        case .withdrawLot(let c): try withdrawLot(c, by: cmd.author, context: context, &out)
        }
        nonces[cmd.author] = expected + 1
        out.changes.append(.nonce(account: cmd.author, next: expected + 1))
        return out
    }

    func asset(_ id: AssetID) throws(LedgerError) -> Asset {
        guard let a = assets[id] else { throw LedgerError(.unknownAsset, "unknown asset \(id)") }
        return a
    }

    private mutating func defineAsset(
        _ c: Command.DefineAsset, by issuer: Address, nonce: UInt64, context: EntryContext, _ out: inout Outcome
    ) throws(LedgerError) {
        let id = AssetID(issuer: issuer, nonce: nonce)
        guard assets[id] == nil else { throw LedgerError(.assetExists, "asset \(id) already exists") }
        guard c.definition.assetIDs.contains(id.text) else {
            throw LedgerError(.invalidDefinition, "asset definition's asset_ids does not list its own id \(id)")
        }
        guard !c.name.isEmpty, !c.symbol.isEmpty else {
            throw LedgerError(.invalidDefinition, "asset name and symbol must not be empty")
        }
        guard c.decimals <= 77 else {
            throw LedgerError(.invalidDefinition, "decimals \(c.decimals) exceed 77 (10^decimals must fit uint256)")
        }
        guard c.definition.divisibility == Int(c.decimals) else {
            throw LedgerError(.invalidDefinition, "divisibility \(c.definition.divisibility) ≠ decimals \(c.decimals)")
        }
        let asset = Asset(
            id: id, tokenAddress: id.tokenAddress, issuer: issuer, name: c.name, symbol: c.symbol,
            decimals: c.decimals, minters: c.minters, definitionSHA256: Hex.encode(c.definition.sha256),
            genesisEntry: context.index, totalSupply: .zero)
        assets[id] = asset
        assetsByToken[asset.tokenAddress] = id
        out.changes.append(.asset(asset))
        out.events.append(
            .assetDefined(
                asset: id, tokenAddress: asset.tokenAddress, issuer: issuer,
                definitionSHA256: asset.definitionSHA256))
    }

    private mutating func mint(_ c: Command.Mint, by minter: Address, _ out: inout Outcome) throws(LedgerError) {
        var a = try asset(c.asset)
        guard a.minters.contains(minter) else {
            throw LedgerError(.notMinter, "\(minter) may not mint \(a.symbol)")
        }
        guard c.to != .zero else { throw LedgerError.invalid(.invalidReceiver, "receiver", c.to) }
        guard let supply = a.totalSupply.adding(c.amount) else {
            throw LedgerError(.overflow, "minting \(c.amount) would overflow the total supply of \(a.symbol)")
        }
        // Cannot overflow: every balance is at most the supply, which just fitted.
        let balance = self.balance(c.asset, c.to).adding(c.amount)!
        a.totalSupply = supply
        assets[c.asset] = a
        setBalance(c.asset, c.to, balance, &out)
        out.changes.append(.supply(asset: c.asset, total: supply))
        out.events.append(.transfer(asset: c.asset, from: .zero, to: c.to, value: c.amount))
    }

    private mutating func burn(_ c: Command.Burn, by holder: Address, _ out: inout Outcome) throws(LedgerError) {
        var a = try asset(c.asset)
        guard holder != .zero else { throw LedgerError.invalid(.invalidSender, "sender", holder) }
        let balance = self.balance(c.asset, holder)
        guard let left = balance.subtracting(c.amount) else {
            throw LedgerError.insufficientBalance(holder, balance: balance, needed: c.amount)
        }
        a.totalSupply = a.totalSupply.subtracting(c.amount)!
        assets[c.asset] = a
        setBalance(c.asset, holder, left, &out)
        out.changes.append(.supply(asset: c.asset, total: a.totalSupply))
        out.events.append(.transfer(asset: c.asset, from: holder, to: .zero, value: c.amount))
    }

    /// OpenZeppelin's `_transfer`: sender and receiver checks, then the balance check, then the move.
    private mutating func move(
        _ id: AssetID, from: Address, to: Address, _ amount: UInt256, _ out: inout Outcome
    ) throws(LedgerError) {
        let fromLeft = try checkMove(id, from: from, to: to, amount)
        commitMove(id, from: from, to: to, amount, fromLeft: fromLeft, &out)
    }

    /// The checks of `_transfer`, without writing: returns the sender's balance after the move.
    private func checkMove(_ id: AssetID, from: Address, to: Address, _ amount: UInt256) throws(LedgerError) -> UInt256
    {
        _ = try asset(id)
        guard from != .zero else { throw LedgerError.invalid(.invalidSender, "sender", from) }
        guard to != .zero else { throw LedgerError.invalid(.invalidReceiver, "receiver", to) }
        let fromBalance = balance(id, from)
        guard let left = fromBalance.subtracting(amount) else {
            throw LedgerError.insufficientBalance(from, balance: fromBalance, needed: amount)
        }
        return left
    }

    private mutating func commitMove(
        _ id: AssetID, from: Address, to: Address, _ amount: UInt256, fromLeft: UInt256, _ out: inout Outcome
    ) {
        setBalance(id, from, fromLeft, &out)
        // Cannot overflow: the sum of all balances is the supply. Read after the first write, so a
        // self-transfer ends where it started.
        setBalance(id, to, balance(id, to).adding(amount)!, &out)
        out.events.append(.transfer(asset: id, from: from, to: to, value: amount))
    }

    private mutating func approve(_ c: Command.Approve, by owner: Address, _ out: inout Outcome) throws(LedgerError) {
        try checkApprove(c, by: owner)
        setAllowance(c.asset, owner, c.spender, c.amount, &out)
        out.events.append(.approval(asset: c.asset, owner: owner, spender: c.spender, value: c.amount))
    }

    /// OpenZeppelin's `transferFrom`: `_spendAllowance` first, then `_transfer`. Both are checked
    /// before either is written, so a failing transfer leaves the allowance untouched.
    private mutating func transferFrom(
        _ c: Command.TransferFrom, by spender: Address, _ out: inout Outcome
    ) throws(LedgerError) {
        let (newAllowance, fromLeft) = try checkTransferFrom(c, by: spender)
        if let newAllowance { setAllowance(c.asset, c.from, spender, newAllowance, &out) }
        commitMove(c.asset, from: c.from, to: c.to, c.amount, fromLeft: fromLeft, &out)
    }

    mutating func setBalance(_ id: AssetID, _ account: Address, _ amount: UInt256, _ out: inout Outcome) {
        balances[HoldingKey(id, account)] = amount.isZero ? nil : amount
        out.changes.append(.balance(asset: id, account: account, amount: amount))
    }

    private mutating func setAllowance(
        _ id: AssetID, _ owner: Address, _ spender: Address, _ amount: UInt256, _ out: inout Outcome
    ) {
        allowances[AllowanceKey(id, owner, spender)] = amount.isZero ? nil : amount
        out.changes.append(.allowance(asset: id, owner: owner, spender: spender, amount: amount))
    }

    private func checkApprove(_ c: Command.Approve, by owner: Address) throws(LedgerError) {
        _ = try asset(c.asset)
        guard owner != .zero else { throw LedgerError.invalid(.invalidApprover, "approver", owner) }
        guard c.spender != .zero else { throw LedgerError.invalid(.invalidSpender, "spender", c.spender) }
    }

    /// The checks of `transferFrom`, in OpenZeppelin's order, without writing: the allowance left
    /// (nil = infinite, untouched) and the owner's balance after the move.
    private func checkTransferFrom(
        _ c: Command.TransferFrom, by spender: Address
    ) throws(LedgerError) -> (allowance: UInt256?, fromLeft: UInt256) {
        _ = try asset(c.asset)
        let current = allowance(c.asset, owner: c.from, spender: spender)
        var newAllowance: UInt256? = nil
        if current != .max {
            guard let left = current.subtracting(c.amount) else {
                throw LedgerError.insufficientAllowance(spender, allowance: current, needed: c.amount)
            }
            guard c.from != .zero else { throw LedgerError.invalid(.invalidApprover, "approver", c.from) }
            guard spender != .zero else { throw LedgerError.invalid(.invalidSpender, "spender", spender) }
            newAllowance = left
        }
        return (newAllowance, try checkMove(c.asset, from: c.from, to: c.to, c.amount))
    }

    /// What `eth_call` and `eth_estimateGas` need (issue 6): would `author` succeed in running this ERC20
    /// call now? Runs exactly the checks `apply` runs, in the same order, and throws the same error —
    /// without touching the state (a copy of a large state to apply on would cost more than the call).
    /// Nonces are not checked (a call has none). Only transfer, approve and transferFrom are callable.
    public func check(_ command: Command, by author: Address) throws(LedgerError) {
        switch command {
        case .transfer(let c): _ = try checkMove(c.asset, from: author, to: c.to, c.amount)
        case .approve(let c): try checkApprove(c, by: author)
        case .transferFrom(let c): _ = try checkTransferFrom(c, by: author)
        default: throw LedgerError(.malformedCommand, "only transfer, approve and transferFrom can be checked")
        }
    }
}
