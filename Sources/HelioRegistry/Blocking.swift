import Foundation

/// Runs blocking work (SQLite reads and commits, fsync) on a global dispatch queue, so neither the
/// writer actor nor the HTTP event loops wait on the disk.
public enum Blocking {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
