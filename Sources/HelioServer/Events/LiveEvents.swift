import HelioCrypto
import HelioRegistry
import HelioStore
import ServiceLifecycle
import Synchronization

/// The hub behind `/events`: one listener on the writer's commits that encodes each entry once (and only
/// once a client needs it: see FeedItem), keeps the last `bufferSize` entries for clients that reconnect (`Last-Event-ID`) or join late (`from`), and
/// fans frames out to every connected client. Runs as a service of the application and sends a
/// keep-alive comment to every client every `keepAlive`. On graceful shutdown the server stops first (its
/// `/events` responses end through `cancelOnGracefulShutdown`, see EventsController), then this service
/// ends every stream left.
///
/// A client that falls `clientBuffer` frames behind is disconnected (its stream finishes); the browser's
/// EventSource and `helio watch` reconnect with the last id they saw and catch up from the buffer.
final class LiveEvents: Service, Sendable {
    /// What a client receives.
    enum Frame: Sendable {
        case text(String)
    }

    static let keepAliveFrame = Frame.text(": keep-alive\n\n")

    private struct Client {
        let account: Address?
        let continuation: AsyncStream<Frame>.Continuation
    }

    private struct Hub {
        var ring: [FeedItem] = []
        /// Position in `ring` of the oldest entry once the ring is full.
        var head = 0
        var nextClient = 0
        var clients: [Int: Client] = [:]
        var closed = false

        /// The buffered entries in index order (`head` stays 0 until the ring is full).
        var ordered: [FeedItem] { Array(ring[head...] + ring[..<head]) }
    }

    let bufferSize: Int
    let clientBuffer: Int
    let keepAlive: Duration
    private let commits: AsyncStream<[CommittedEntry]>
    private let hub: Mutex<Hub>

    init(writer: LedgerWriter, bufferSize: Int = 2000, clientBuffer: Int = 10_000, keepAlive: Duration = .seconds(15)) {
        self.bufferSize = bufferSize
        self.clientBuffer = clientBuffer
        self.keepAlive = keepAlive
        self.commits = writer.commits.subscribe()
        var hub = Hub()
        hub.ring.reserveCapacity(bufferSize)
        self.hub = Mutex(hub)
    }

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await batch in self.commits.cancelOnGracefulShutdown() { self.publish(batch.map(FeedItem.init)) }
            }
            group.addTask {
                while (try? await Task.sleep(for: self.keepAlive)) != nil { self.broadcast(Self.keepAliveFrame) }
            }
            await group.next()
            group.cancelAll()
        }
        close()
    }

    /// Registers a client. `from`: the first entry index it wants from the buffer (nil = live only).
    /// Returns the frames to send, in order: the buffered catch-up (with a gap notice if `from` is older
    /// than the buffer), then live entries as they commit.
    func subscribe(from: UInt64?, account: Address?) -> AsyncStream<Frame> {
        let (stream, continuation) = AsyncStream<Frame>.makeStream(bufferingPolicy: .bufferingOldest(clientBuffer))
        let id: Int? = hub.withLock { hub in
            if hub.closed { return nil }
            if let from {
                let buffered = hub.ordered
                let oldest = buffered.first?.index
                if let oldest, from < oldest {
                    continuation.yield(.text("event: gap\ndata: {\"from\":\(from),\"to\":\(oldest)}\n\n"))
                }
                for item in buffered where item.index >= from {
                    let entry = item.entry
                    if Self.wants(account, entry) { continuation.yield(.text(entry.frame)) }
                }
            }
            defer { hub.nextClient += 1 }
            hub.clients[hub.nextClient] = Client(account: account, continuation: continuation)
            return hub.nextClient
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.hub.withLock { $0.clients.removeValue(forKey: id) }
        }
        return stream
    }

    var clientCount: Int { hub.withLock { $0.clients.count } }

    /// How many buffered entries have an index ≥ `from`.
    func bufferedCount(from: UInt64) -> Int { hub.withLock { $0.ring.count { $0.index >= from } } }

    private static func wants(_ account: Address?, _ entry: FeedEntry) -> Bool {
        account.map { entry.accounts.contains($0) } ?? true
    }

    private func publish(_ items: [FeedItem]) {
        // Encode outside the hub's lock when someone listens; with no one, nothing is encoded (a client that
        // joins later with `from` makes what it reads from the ring).
        if clientCount > 0 { for item in items { _ = item.entry } }
        var slow: [AsyncStream<Frame>.Continuation] = []
        hub.withLock { hub in
            for item in items {
                if hub.ring.count < bufferSize {
                    hub.ring.append(item)
                } else {
                    hub.ring[hub.head] = item
                    hub.head = (hub.head + 1) % bufferSize
                }
                if hub.clients.isEmpty { continue }
                let entry = item.entry
                for client in hub.clients.values where Self.wants(client.account, entry) {
                    if case .dropped = client.continuation.yield(.text(entry.frame)) {
                        slow.append(client.continuation)
                    }
                }
            }
        }
        // Outside the lock: finishing runs onTermination, which takes it.
        for continuation in slow { continuation.finish() }
    }

    private func broadcast(_ frame: Frame) {
        let clients = hub.withLock { Array($0.clients.values) }
        for client in clients { client.continuation.yield(frame) }
    }

    private func close() {
        let clients = hub.withLock { hub in
            hub.closed = true
            return Array(hub.clients.values)
        }
        for client in clients { client.continuation.finish() }
    }
}
