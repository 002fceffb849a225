import HelioLedger
import HelioLog
import HelioStore

/// Several registry nodes on one database: the write lease, catching up, following (see `LedgerWriter`).
extension LedgerWriter {
    /// Returns once this writer may apply commands: at once with an unshared store, or when it holds the
    /// lease and has applied every entry other nodes appended. Call right before applying, with no
    /// suspension point in between.
    func ensureLease() async throws {
        guard store.sharesWriters else { return }
        while true {
            if leased, !yielding {
                // If the caller ends up appending nothing (every command refused), no flush will give the
                // lease back: check once the caller's synchronous part is over.
                Task { releaseIfIdle() }
                return
            }
            if leased {
                // This turn is over: wait until the lease has been given back, then queue for the next.
                await withCheckedContinuation { waitersForRelease.append($0) }
                continue
            }
            if let transition = leaseTransition {
                try await transition.value
                continue
            }
            let transition = Task {
                defer { leaseTransition = nil }
                let store = self.store
                try await Blocking.run { try store.acquireWriteLease() }
                do {
                    try await catchUp()
                } catch {
                    try? await Blocking.run { try store.releaseWriteLease() }
                    throw error
                }
                startTurn()
            }
            leaseTransition = transition
            try await transition.value
        }
    }

    /// Gives the lease back (the queue is empty, or the turn is over); commands that arrived meanwhile
    /// ask for it again once it is released.
    func releaseLease() {
        leased = false
        yielding = false
        let store = self.store
        leaseTransition = Task {
            defer {
                leaseTransition = nil
                let waiting = waitersForRelease
                waitersForRelease = []
                for waiter in waiting { waiter.resume() }
            }
            // A failed unlock still frees the lock: the store closes the lease's connection.
            try? await Blocking.run { try store.releaseWriteLease() }
        }
    }

    private func releaseIfIdle() {
        if leased, pending.isEmpty, !flushing { releaseLease() }
    }

    /// Applies the entries other nodes appended since `size` (each re-verified and re-applied), moves the
    /// tree, the block and the checkpoint mark to the new size, and publishes them on `commits`. Only
    /// while nothing of this writer's own is pending (under the lease before it applies, or between turns).
    func catchUp() async throws {
        let store = self.store
        let domain = self.domain
        while true {
            let from = size
            let page = try await Blocking.run { try store.entries(from: from, limit: 5_000) }
            guard pending.isEmpty, !flushing else { return }
            let fresh = page.filter { $0.entry.index >= size }
            guard let first = fresh.first, first.entry.index == size else { return }
            try applyForeign(fresh)
            if page.count < 5_000 { return }
        }
    }

    /// Keeps the state fresh for reads while another node writes: every `interval`, when this writer is
    /// idle, applies what others appended. Runs until the task is cancelled.
    public func follow(every interval: Duration = .milliseconds(100)) async {
        guard store.sharesWriters else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !leased, leaseTransition == nil, pending.isEmpty, !flushing else { continue }
            let store = self.store
            guard let head = try? await Blocking.run({ try store.journalSize() }), head > size else { continue }
            guard !leased, leaseTransition == nil else { continue }
            try? await catchUp()
        }
    }
}
