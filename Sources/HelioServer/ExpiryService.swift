import HelioRegistry
import Logging
import ServiceLifecycle

/// Writes the expiry entries (docs/certificates.md): at start, then every `interval`, one `ExpireLots`
/// entry for the lots whose expiry has passed. Transfers of a lot past its expiry are refused by the
/// ledger even before this entry lands; the entry puts the status change in the log.
struct ExpiryService: Service {
    let writer: LedgerWriter
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await expire()
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }

    private func expire() async {
        do {
            while true {
                let expired = try await writer.expireDue()
                if expired.isEmpty { return }
                logger.info("lots expired", metadata: ["count": "\(expired.count)", "first": "\(expired[0])"])
            }
        } catch {
            logger.error("expiry failed", metadata: ["error": "\(error)"])
        }
    }
}
