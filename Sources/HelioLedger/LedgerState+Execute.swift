import HelioCrypto

extension LedgerState {
    /// Applies an Ethereum transaction's command with Ethereum's semantics (issue 6): a transaction
    /// whose nonce is right always lands, and if its call fails (an ERC-6093 error, say) it lands as a
    /// failure — status 0 in its receipt — consuming the nonce and changing nothing else. Only a wrong
    /// nonce refuses it outright (then nothing changes and nothing is journaled).
    ///
    /// Native signed commands keep `apply`'s rule instead (refused whole on any error): their author
    /// asked Helio directly and gets the error back, while a transaction's sender expects geth's rules.
    public mutating func execute(
        _ cmd: AuthenticatedCommand, context: EntryContext
    ) throws(LedgerError) -> Outcome {
        do {
            return try apply(cmd, context: context)
        } catch  where error.code == .nonceTooLow || error.code == .nonceGap {
            throw error
        } catch {
            let next = nonce(cmd.author) + 1
            nonces[cmd.author] = next
            return Outcome(changes: [.nonce(account: cmd.author, next: next)], failure: error)
        }
    }
}
