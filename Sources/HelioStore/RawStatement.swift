import GRDB
import GRDBSQLite

/// A GRDB cached statement driven through the SQLite C API: bind, step, reset — nothing else.
///
/// Why: the commit path runs about six statements per transfer. Through `Statement.execute(arguments:)`
/// each costs ≈ 4 µs here, most of it GRDB's per-call work (boxing arguments into `DatabaseValue`s,
/// nested binding closures, access checks), which capped commits near 27k entries/s; binding directly
/// roughly halves that. GRDB documents `Statement.sqliteStatement` for exactly this use. The statement
/// still belongs to the `Database` (its cache finalizes it), and runs inside GRDB's transaction.
///
/// Valid only inside the database access that created it. `run` is for statements that return no rows,
/// `fetchBlob` for single-value lookups.
struct RawStatement {
    /// SQLite's SQLITE_TRANSIENT (a macro Swift cannot import): SQLite copies the bound bytes.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }

    private let statement: Statement
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection?

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// Binds a BLOB (an empty array binds an empty BLOB, not NULL).
    func bind(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { bind(index, $0) }
    }

    func bind(_ index: Int32, _ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { bind(index, $0) }
    }

    private func bind(_ index: Int32, _ buffer: UnsafeRawBufferPointer) {
        if let base = buffer.baseAddress, !buffer.isEmpty {
            _ = sqlite3_bind_blob(handle, index, base, Int32(buffer.count), Self.transient)
        } else {
            _ = sqlite3_bind_zeroblob(handle, index, 0)
        }
    }

    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                return
            }
            base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
                _ = sqlite3_bind_text(handle, index, chars, Int32(utf8.count), Self.transient)
            }
        }
    }

    /// Runs a query and returns the first column of its first row as bytes, or nil when there is no row
    /// (or the value is NULL or an empty BLOB); resets the statement.
    func fetchBlob() throws -> [UInt8]? {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw error(code) }
        let count = Int(sqlite3_column_bytes(handle, 0))
        guard let base = sqlite3_column_blob(handle, 0) else { return nil }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Runs a query and returns the first two integer columns of its first row, or nil when there is no
    /// row; resets the statement.
    func fetchTwoInts() throws -> (Int64, Int64)? {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw error(code) }
        return (sqlite3_column_int64(handle, 0), sqlite3_column_int64(handle, 1))
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
            sql: statement.sql)
    }

    /// Runs the statement to completion and resets it.
    /// - Throws: `DatabaseError` with SQLite's (extended) result code and message.
    func run() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let failure = error(code)
            sqlite3_reset(handle)
            throw failure
        }
        sqlite3_reset(handle)
    }
}
