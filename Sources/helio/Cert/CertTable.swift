import HelioCrypto

/// Aligned text tables for a terminal: columns separated by two spaces, numbers right-aligned, no
/// trailing spaces. Plain text on purpose: `--json` is the form for programs.
struct CertTable {
    let headers: [String]
    /// Columns whose cells are right-aligned (quantities).
    let rightAligned: Set<Int>
    private(set) var rows: [[String]] = []

    init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { cells in
            var line = ""
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if column > 0 { line += "  " }
                line += rightAligned.contains(column) ? padding + cell : cell + padding
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}

extension CertTable {
    /// The parts table of `cert list` and `cert show`: one row per part (JSON as the REST API shows it).
    /// `wh` is what the part holds now, except for a cancelled part: the Wh it retired.
    static func parts(_ items: [JSONValue]) throws -> CertTable {
        var table = CertTable(
            ["part", "lot", "scheme", "device", "production", "wh", "status", "owner"], rightAligned: [5])
        for item in items {
            let p = CertFields(item, "part")
            table.add([
                try p.string("id"), try p.string("lot"), try p.string("scheme"), try p.string("device"),
                CertText.period(try p.int("productionStart"), try p.int("productionEnd")),
                String(try p.uint(try p.string("status") == "cancelled" ? "createdWh" : "volumeWh")),
                try p.string("status"), try p.string("owner"),
            ])
        }
        return table
    }
}
