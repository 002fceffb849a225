import Foundation
import HelioLedger

/// Signature recovery is the expensive part of every command (~30 µs per core), so it runs on all
/// cores BEFORE the single writer, which then only applies already-authenticated commands.
public enum ParallelVerifier {
    /// Recovers the author of each command and encodes its journal payload, in input order, splitting
    /// the work across the cores.
    public static func prepare(
        _ commands: [SignedCommand], domain: CommandDomain
    ) async
        -> [Result<PreparedCommand, LedgerError>]
    {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, commands.count / 64))
        if workers == 1 {
            return commands.map { c in Result { () throws(LedgerError) in try PreparedCommand(c, domain: domain) } }
        }
        let chunk = (commands.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [Result<PreparedCommand, LedgerError>]).self) { group in
            for w in 0..<workers {
                let range = (w * chunk)..<min(commands.count, (w + 1) * chunk)
                let slice = Array(commands[range])
                group.addTask {
                    (w, slice.map { c in Result { () throws(LedgerError) in try PreparedCommand(c, domain: domain) } })
                }
            }
            var parts = [[Result<PreparedCommand, LedgerError>]](repeating: [], count: workers)
            for await (w, part) in group { parts[w] = part }
            return parts.flatMap { $0 }
        }
    }
}

extension LedgerWriter {
    /// Network-facing submission: recovers authors and encodes payloads on all cores, then hands the
    /// valid commands to the writer in order. Results keep the input order; a command with a bad
    /// signature gets its error and the others go on.
    public func submitSigned(_ commands: [SignedCommand]) async throws -> [Result<Receipt, LedgerError>] {
        let prepared = await ParallelVerifier.prepare(commands, domain: domain)
        var receipts = try await submit(prepared.compactMap { try? $0.get() })[...]
        return prepared.map { result in
            switch result {
            case .success: return receipts.popFirst()!
            case .failure(let error): return .failure(error)
            }
        }
    }
}
