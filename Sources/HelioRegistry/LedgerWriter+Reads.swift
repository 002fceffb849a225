import HelioLedger

extension LedgerWriter {
    /// Runs `body` on the writer's current state without copying it (a copy taken out of the actor
    /// would be duplicated by the writer's next change). Keep `body` short: the writer waits for it.
    /// The state includes accepted commands whose group is not yet durable.
    public func read<T: Sendable>(_ body: @Sendable (LedgerState) throws -> T) rethrows -> T {
        try body(currentState)
    }
}
