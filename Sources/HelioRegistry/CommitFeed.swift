import HelioStore
import Synchronization

/// Every group commit of the writer, as it becomes durable, for whoever listens (the server's live
/// event stream). Publishing costs the writer one lock and one enqueue per listener; listeners do their
/// own work (encoding, fan-out) on their own tasks, off the writer.
///
/// A listener that subscribes sees every batch committed after `subscribe()` returns, in commit order.
public final class CommitFeed: Sendable {
    private struct Listeners {
        var next = 0
        var all: [Int: AsyncStream<[CommittedEntry]>.Continuation] = [:]
    }

    private let listeners = Mutex(Listeners())

    public init() {}

    /// A stream of committed batches. Unbounded: keep up, or the memory is yours.
    public func subscribe() -> AsyncStream<[CommittedEntry]> {
        let (stream, continuation) = AsyncStream<[CommittedEntry]>.makeStream()
        let id = listeners.withLock { l in
            defer { l.next += 1 }
            l.all[l.next] = continuation
            return l.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.all.removeValue(forKey: id) }
        }
        return stream
    }

    /// Called by the writer once `entries` are durable.
    func publish(_ entries: [CommittedEntry]) {
        listeners.withLock { l in
            for continuation in l.all.values { continuation.yield(entries) }
        }
    }
}
