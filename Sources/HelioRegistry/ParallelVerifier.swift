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
        await ParallelMap.map(commands) { c in
            Result { () throws(LedgerError) in try PreparedCommand(c, domain: domain) }
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
