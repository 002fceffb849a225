import GRDB

/// One multi-row statement (`INSERT … VALUES (…), (…), …`) per chunk size, to write many rows with few
/// statement executions.
///
/// Why: SQLite's fixed cost per executed statement (VDBE start, cursor open and close, statement
/// journal, halt) is about as large as the cost of inserting a short row. Writing 32 rows per execution
/// pays it once per 32 rows. Rows are written in the order given; a remainder goes through the smaller
/// chunk sizes, down to one row.
struct ChunkedStatement {
    /// Rows per execution, largest first, ending with 1.
    static let chunkSizes = [32, 8, 1]

    let columns: Int
    private let statements: [(rows: Int, statement: RawStatement)]

    /// - Parameters:
    ///   - head: the statement up to VALUES, e.g. "INSERT INTO events (seq, position) VALUES".
    ///   - columns: the number of values per row.
    ///   - tail: what follows the VALUES list, e.g. an ON CONFLICT clause (it sees each row in order).
    init(_ db: Database, _ head: String, columns: Int, tail: String = "") throws {
        self.columns = columns
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        statements = try Self.chunkSizes.map { rows in
            let values = Array(repeating: row, count: rows).joined(separator: ", ")
            return (rows, try RawStatement(db, head + " " + values + (tail.isEmpty ? "" : " " + tail)))
        }
    }

    /// Writes `rows` in order; `bind(statement, firstParameter, row)` binds one row's `columns` values at
    /// parameters firstParameter, firstParameter + 1, ….
    func write<Row>(_ rows: [Row], bind: (RawStatement, Int32, Row) throws -> Void) throws {
        var next = 0
        for (size, statement) in statements {
            while rows.count - next >= size {
                for offset in 0..<size {
                    try bind(statement, Int32(offset * columns + 1), rows[next + offset])
                }
                try statement.run()
                next += size
            }
        }
    }
}
