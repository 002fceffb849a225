import HelioRegistry
import ServiceLifecycle

/// On a registry shared by several nodes (PostgreSQL), keeps this node's state up to date with the
/// entries the others append, so reads answered from memory lag them by at most `interval` (plus the
/// time to apply them). Does nothing on an unshared store.
struct FollowService: Service {
    let writer: LedgerWriter
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await writer.follow(every: interval)
        }
    }
}
