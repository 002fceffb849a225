import HelioRegistry
import HelioStore
import Logging
import ServiceLifecycle

/// Signs a checkpoint every `interval` when the log grew since the last one (the writer also signs every
/// N entries), and a last one at graceful shutdown. It stops after the HTTP server (services shut down
/// in reverse order), so the final checkpoint covers every request that was in flight.
struct CheckpointService: Service {
    let writer: LedgerWriter
    let store: any LedgerStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                await signIfGrown()
            }
        }
        await signIfGrown()
    }

    private func signIfGrown() async {
        do {
            let size = await writer.size
            let latest = try store.latestCheckpoint()?.checkpoint.treeSize ?? 0
            guard size > latest else { return }
            let signed = try await writer.signCheckpoint()
            logger.info("checkpoint signed", metadata: ["tree_size": "\(signed.checkpoint.treeSize)"])
        } catch {
            logger.error("checkpoint failed", metadata: ["error": "\(error)"])
        }
    }
}
