import Foundation
import GRDB

/// Copies committed WAL frames into the database file on its own thread and connection, so commits
/// never wait for a checkpoint.
///
/// Why: with the default `wal_autocheckpoint`, the committing thread itself runs a checkpoint every
/// ~1,000 pages — writing those pages to the database file and fsyncing it inside `commit`. That cost
/// 7–20 % of commit time in the probe (more when balances are spread over many pages) and put a stall
/// into the commit that triggered it. A PASSIVE checkpoint on another connection never blocks the writer
/// or readers; the writer keeps a large `wal_autocheckpoint` only as a backstop (see
/// `SQLiteLedgerStore.backstopCheckpointPages`). Durability is unchanged: a commit is durable once its WAL
/// frames are synced, which `synchronous = FULL` does before `commit` returns.
///
/// `@unchecked Sendable`: the mutable state (`stopping`, `pending`) is only touched with `condition`
/// locked; the connection is a `DatabaseQueue`, which is Sendable.
final class WALCheckpointer: @unchecked Sendable {
    /// How long the thread sleeps when nobody nudges it.
    static let idleInterval: TimeInterval = 0.25

    private let connection: DatabaseQueue
    private let condition = NSCondition()
    private let finished = DispatchSemaphore(value: 0)
    private var stopping = false
    private var pending = false

    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "HelioStore.checkpointer"
        configuration.busyMode = .timeout(1)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let thread = Thread { [self] in run() }
        thread.name = "HelioStore.checkpointer"
        thread.start()
    }

    /// Asks for a checkpoint soon (after a commit).
    func nudge() {
        condition.lock()
        pending = true
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread and waits for it; the last checkpoint in flight completes first.
    func stop() {
        condition.lock()
        let wasStopping = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if !wasStopping { finished.wait() }
    }

    private func run() {
        while true {
            condition.lock()
            if !pending && !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: Self.idleInterval)) }
            let stop = stopping
            pending = false
            condition.unlock()
            if stop { break }
            // Failures (a busy database, another checkpoint running) are retried on the next nudge.
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
        finished.signal()
    }
}
