import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// The registry on PostgreSQL: the same `LedgerStore` contract as `SQLiteLedgerStore`, for a registry
/// that outgrew one file on one machine. Several `helio serve` nodes may share one database.
///
/// How several nodes never fork the log, issue energy twice or lose an update:
/// - Appends are serialised by the database, twice over. A node writes only while it holds the
///   registry's write lease (a PostgreSQL advisory lock, `acquireWriteLease`), after catching up with
///   every entry other nodes committed; and each commit's transaction moves the one `journal_head` row
///   from (first index, previous leaf hash) to (new size, new last leaf) — a node whose view is stale
///   changes no row and its batch is refused whole (`StoreError.outOfOrder`), never half-written.
/// - The journal's primary key and its `prev_seq` reference make gaps and duplicates impossible, and
///   the `issuances` key (meter, period start) lets a period back energy once, whatever the nodes do.
/// - A killed node's session ends, PostgreSQL rolls back its open transaction and frees its lease.
///
/// Synchronous like the protocol: each call checks out a connection from a small pool and waits on
/// postgres-nio's futures, which run on NIO's own event loop threads (never on the caller's), so a
/// blocking caller cannot starve them. Acknowledged commits survive a crash: `synchronous_commit` is on
/// (the server's default, checked at open) and the cluster's fsync is the operator's to keep on.
public final class PostgresLedgerStore: LedgerStore, @unchecked Sendable {
    /// The URL the store was opened with, without its password.
    public let location: String
    let pool: PostgresConnectionPool
    /// The connection that holds the write lease while this node appends (nil when not leased).
    private let leaseLock = NIOLock()
    private var leaseConnection: PostgresConnection?

    /// The advisory-lock key of the write lease: "helio" in ASCII, one per database.
    static let leaseKey: Int64 = 0x68_65_6c_69_6f

    /// Opens (and migrates) the registry database at `url`: `postgres://user[:password]@host[:port]/database`.
    public init(url: String) throws {
        let configuration = try Self.configuration(url)
        self.location = Self.redacted(url)
        self.pool = PostgresConnectionPool(configuration: configuration)
        try pool.withConnection { connection in
            try Self.migrate(connection)
        }
    }

    deinit {
        leaseLock.withLock { leaseConnection?.closeNow() }
        pool.close()
    }

    /// A running PostgreSQL accepts connections at `url` (used to give a clear error before anything else).
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    static func configuration(_ url: String) throws -> PostgresConnection.Configuration {
        guard isPostgresURL(url), let components = URLComponents(string: url), let host = components.host,
            !host.isEmpty
        else {
            throw StoreError(.io, "not a PostgreSQL URL (postgres://user@host:port/database): \(redacted(url))")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.io, "the PostgreSQL URL names no database: \(redacted(url))")
        }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding }
        var configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: password, database: database,
            tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The URL with any password replaced, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}

// MARK: - Write lease

extension PostgresLedgerStore {
    /// Blocks until this node holds the registry's write lease: a session-level advisory lock on its own
    /// connection, so a node that dies frees it with its session. Granted in the order asked.
    public func acquireWriteLease() throws {
        let connection = try pool.open()
        do {
            _ = try connection.run("SELECT pg_advisory_lock(\(Self.leaseKey))")
        } catch {
            connection.closeNow()
            throw Self.storeError(error, "acquire the write lease")
        }
        leaseLock.withLock {
            leaseConnection?.closeNow()
            leaseConnection = connection
        }
    }

    /// Gives the lease back (closing its connection frees the lock even if the unlock fails).
    public func releaseWriteLease() throws {
        let connection = leaseLock.withLock { () -> PostgresConnection? in
            defer { leaseConnection = nil }
            return leaseConnection
        }
        guard let connection else { return }
        defer { connection.closeNow() }
        do { _ = try connection.run("SELECT pg_advisory_unlock(\(Self.leaseKey))") } catch {
            throw Self.storeError(error, "release the write lease")
        }
    }

    public var sharesWriters: Bool { true }
}

// MARK: - Errors

extension PostgresLedgerStore {
    /// Maps a postgres-nio error to `StoreError`: refused rows (SQLSTATE class 23, or a trigger's
    /// RAISE) are `.constraint`; everything else (connection, server) is `.io`.
    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let state = info[.sqlState] {
                let message = info[.message] ?? "\(error)"
                if state.hasPrefix("23") || state == "P0001" {
                    return StoreError(.constraint, "cannot \(what): \(message)")
                }
                return StoreError(.io, "cannot \(what): PostgreSQL \(state): \(message)")
            }
            return StoreError(.io, "cannot \(what): PostgreSQL connection: \(error.code)")
        }
        return StoreError(.io, "cannot \(what): \(error)")
    }

    func withStoreErrors<T>(_ what: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        do { return try pool.withConnection(body) } catch { throw Self.storeError(error, what) }
    }

    /// Runs `body` in ONE transaction (`BEGIN` … `COMMIT`, rolled back when `body` throws).
    func inTransaction<T>(
        _ what: String, _ begin: String = "BEGIN", _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        try withStoreErrors(what) { connection in
            _ = try connection.run(PostgresQuery(unsafeSQL: begin))
            do {
                let value = try body(connection)
                _ = try connection.run("COMMIT")
                return value
            } catch {
                _ = try? connection.run("ROLLBACK")
                throw error
            }
        }
    }
}

// MARK: - Connections

/// A few open connections, reused: each call borrows one and gives it back (a broken one is dropped).
final class PostgresConnectionPool: @unchecked Sendable {
    let configuration: PostgresConnection.Configuration
    private let lock = NIOLock()
    private var idle: [PostgresConnection] = []
    private var nextID = 0
    private var closed = false
    static let maxIdle = 8
    static let logger = Logger(label: "helio.postgres")

    init(configuration: PostgresConnection.Configuration) {
        self.configuration = configuration
    }

    /// A new connection, not from the pool (the caller closes it).
    func open() throws -> PostgresConnection {
        let id = lock.withLock { () -> Int in
            nextID += 1
            return nextID
        }
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id,
                logger: Self.logger
            ).wait()
        } catch {
            throw PostgresLedgerStore.storeError(
                error, "connect to PostgreSQL at \(configuration.host ?? "?"):\(configuration.port ?? 0)")
        }
    }

    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try lock.withLock { idle.popLast() } ?? open()
        do {
            let value = try body(connection)
            checkIn(connection)
            return value
        } catch {
            checkIn(connection)
            throw error
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        let keep = lock.withLock { () -> Bool in
            guard !closed, !connection.isClosed, idle.count < Self.maxIdle else { return false }
            idle.append(connection)
            return true
        }
        if !keep { connection.closeNow() }
    }

    func close() {
        let all = lock.withLock { () -> [PostgresConnection] in
            closed = true
            defer { idle = [] }
            return idle
        }
        for connection in all { connection.closeNow() }
    }
}

extension PostgresConnection {
    /// Runs one statement and waits for all its rows (never call on an event loop thread).
    func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try self.query(query, logger: PostgresConnectionPool.logger).wait()
    }

    /// Closes and waits until closed (postgres-nio requires a connection to be closed before it goes).
    func closeNow() {
        let closing: EventLoopFuture<Void> = self.close()
        try? closing.wait()
    }
}

extension PostgresLedgerStore {
    /// Creates an empty database `name` on the server of `serverURL` (`postgres://user@host:port`, any path
    /// ignored; connects to its `postgres` database) and returns its URL. For tests and benchmarks.
    public static func createDatabase(serverURL: String, name: String) throws -> String {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !name.isEmpty else {
            throw StoreError(.io, "a database name of letters, digits and _ only, not \(name)")
        }
        var base = serverURL
        if let components = URLComponents(string: serverURL), !components.path.isEmpty {
            base = String(serverURL.dropLast(components.path.count))
        }
        let pool = PostgresConnectionPool(configuration: try configuration(base + "/postgres"))
        defer { pool.close() }
        do {
            try pool.withConnection { _ = try $0.run(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)")) }
        } catch {
            throw storeError(error, "create database \(name)")
        }
        return base + "/" + name
    }
}
