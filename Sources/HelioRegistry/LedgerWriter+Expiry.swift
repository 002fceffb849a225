import HelioCrypto
import HelioLedger

/// Expiry through the journal: a system entry, so replay is deterministic (docs/certificates.md).
///
/// Entry kind `ExpireLots`, author = the registry authority, payload `{"lots":["GC-12",…]}`. The ledger
/// refuses transfers and cancellations of a lot past its `expiresAt` whether or not this entry has been
/// written yet; the entry makes the status change part of the log.
extension LedgerWriter {
    public static let expireLotsKind = "ExpireLots"

    /// Writes one expiry entry for the lots due at the writer's time (up to `limit`), and waits until it
    /// is durable. Returns the lots it expired (empty: nothing was due, nothing written).
    @discardableResult
    public func expireDue(limit: Int = 1000) async throws -> [String] {
        var expired: [String] = []
        try await ensureLease()
        let author = currentState.registry.authority ?? .zero
        let entry = append(kind: Self.expireLotsKind, author: author) { state, context in
            let due = state.certificates.due(at: context.time, limit: limit)
            guard !due.isEmpty else { return nil }
            // Cannot throw: `due` lists distinct active lots whose expiry has passed, exactly what `expire` accepts.
            let outcome = try! state.expire(lots: due, context: context)
            expired = due
            return (ExpiryPayload.encode(due), outcome)
        }
        if let entry { try await waitUntilDurable(entry) }
        return expired
    }
}

/// The payload of an `ExpireLots` entry (canonical JSON).
public enum ExpiryPayload {
    static func encode(_ lots: [String]) -> [UInt8] {
        JSONValue.object([.init("lots", .array(lots.map { .string($0) }))]).serialized
    }

    public static func decode(_ payload: [UInt8]) throws -> [String] {
        guard case .array(let items) = try JSONValue(parsing: payload)["lots"] else {
            throw WireError("an ExpireLots payload has a lots array")
        }
        return try items.map { item in
            guard case .string(let id) = item else { throw WireError("lots[] are lot ids") }
            return id
        }
    }
}
