import HelioCrypto
import HelioLedger
import HelioLog
import HelioStore

/// Re-applies ONE journal entry to a state, exactly as the writer applied it when it landed: signatures
/// re-verified, authors re-recovered, then the ledger's own rules. What `helio replay`, a witness, and a
/// registry node catching up with entries other nodes appended (PostgreSQL) all run.
public enum JournalReplay {
    /// Applies `entry` to `state` and returns what it did (the same `Outcome` the writer stored).
    /// - Throws: `StoreError(.corrupt)` naming the entry when it does not replay (bad signature, author
    ///   mismatch, a refused command or reading). The state is then no longer the log's: discard it.
    public static func apply(
        _ entry: JournalEntry, domain: CommandDomain, to state: inout LedgerState
    ) throws(StoreError) -> Outcome {
        let context = EntryContext(index: entry.index, time: entry.time)
        do {
            if ReadingPayload.isReadingKind(entry.kind) {
                let readings = try ReadingPayload.attested(entry, domain: domain)
                let (verdicts, outcome) = state.ingest(readings, context: context)
                for (r, v) in zip(readings, verdicts) where !v.isAccepted {
                    throw StoreError(
                        .corrupt, "entry \(entry.index): reading \(Hex.encode(r.id)) does not replay: \(v)")
                }
                return outcome
            }
            if entry.kind == LedgerWriter.expireLotsKind {
                return try state.expire(lots: try ExpiryPayload.decode(entry.payload), context: context)
            }
            if entry.kind == JournalEntry.ethereumTransactionKind {
                let prepared = try PreparedTransaction(raw: entry.payload, chainId: domain.chainId)
                guard prepared.transaction.sender == entry.author else {
                    throw StoreError(
                        .corrupt,
                        "entry \(entry.index): signature recovers \(prepared.transaction.sender), "
                            + "journal says \(entry.author)")
                }
                return try state.execute(prepared.command(in: state), context: context)
            }
            let command = try entry.signedCommand().authenticate(domain: domain)
            guard command.author == entry.author else {
                throw StoreError(
                    .corrupt, "entry \(entry.index): signature recovers \(command.author), journal says \(entry.author)"
                )
            }
            return try state.apply(command, context: context)
        } catch let error as StoreError {
            throw error
        } catch let error as LedgerError {
            throw StoreError(.corrupt, "entry \(entry.index) (\(entry.kind)) does not replay: \(error.message)")
        } catch {
            throw StoreError(.corrupt, "entry \(entry.index) (\(entry.kind)) does not replay: \(error)")
        }
    }
}
