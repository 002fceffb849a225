import Foundation
import GRDB

extension SQLiteLedgerStore {
    /// Maps any error of a database access to a `StoreError`: a `StoreError` passes through, a violated
    /// constraint (CHECK, UNIQUE, FOREIGN KEY, NOT NULL, or a trigger's RAISE) becomes `.constraint`,
    /// anything else `.io`.
    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let databaseError = error as? DatabaseError {
            let detail = databaseError.message ?? "\(databaseError.resultCode)"
            if databaseError.resultCode == .SQLITE_CONSTRAINT {
                return StoreError(.constraint, "cannot \(what): \(detail)")
            }
            return StoreError(.io, "cannot \(what): \(detail) (\(databaseError.resultCode))")
        }
        return StoreError(.io, "cannot \(what): \(error)")
    }

    /// Runs `body`, reporting its failures as `StoreError` (see `storeError`).
    func withStoreErrors<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch { throw Self.storeError(error, what) }
    }
}
