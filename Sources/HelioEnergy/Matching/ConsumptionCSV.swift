/// Reads a beneficiary's hourly consumption file for 24/7 matching (docs/certificates.md, "24/7 matching").
///
/// The format is deliberately narrow — header `hour_start,consumption_wh`, then one row per consecutive UTC
/// hour, e.g. `2026-06-01T10:00:00Z,1234` — and everything else is refused with the line and the reason.
/// A silently skipped, repeated or shifted hour would change the matched share without anyone noticing, so a
/// meter export with gaps must be fixed (or its gaps filled with explicit zeros) before it is matched.
/// Tolerated: CRLF line ends and one trailing line end. Nothing else (no blank lines, spaces, quotes or BOM).
public enum ConsumptionCSV {
    /// The one accepted header line.
    public static let header = "hour_start,consumption_wh"
    /// Largest accepted consumption, Wh: 2^53, the largest integer every JSON reader keeps exactly.
    public static let maximumWh: UInt64 = 1 << 53

    /// The rows of `text`, in file order (ascending, consecutive hours).
    ///
    /// - Throws: `MatchingError` for the first problem found, top to bottom; its message starts with
    ///   `line N:` and names what is wrong (e.g. `line 5: gap: expected 2026-06-01T13:00:00Z, got
    ///   2026-06-01T14:00:00Z`).
    public static func parse(_ text: String) throws(MatchingError) -> [HourlyConsumption] {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }  // one trailing line end
        let rows = lines.map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        guard let first = rows.first, !(rows.count == 1 && first.isEmpty) else {
            throw MatchingError(.empty, line: 1, "empty input: expected the header \(header) and at least one row")
        }
        guard first == header else {
            throw MatchingError(
                .missingHeader, line: 1, "missing header: expected \(header), got \(MatchingError.quoted(first))")
        }
        guard rows.count > 1 else {
            throw MatchingError(.empty, line: 2, "no rows: expected at least one hour after the header")
        }
        var result: [HourlyConsumption] = []
        result.reserveCapacity(rows.count - 1)
        for (index, row) in rows.enumerated().dropFirst() {
            let line = index + 1
            let entry = try parseRow(row, line: line)
            if let previous = result.last {
                try checkSequence(entry.hourStart, after: previous.hourStart, line: line)
            }
            result.append(entry)
        }
        return result
    }

    /// One `hour_start,consumption_wh` row, checked on its own.
    static func parseRow(_ row: String, line: Int) throws(MatchingError) -> HourlyConsumption {
        let fields = row.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 2 else {
            throw MatchingError(
                .malformedRow, line: line,
                "expected 2 fields hour_start,consumption_wh, got \(fields.count): \(MatchingError.quoted(row))")
        }
        let stamp = String(fields[0])
        guard let hourStart = UTCTimestamp.parse(stamp) else {
            throw MatchingError(
                .badTimestamp, line: line,
                "bad timestamp \(MatchingError.quoted(stamp)): expected UTC YYYY-MM-DDTHH:00:00Z")
        }
        guard UTCTimestamp.floorDivide(hourStart, by: 3600).remainder == 0 else {
            throw MatchingError(
                .notOnTheHour, line: line, "\(stamp) is not on the hour: minutes and seconds must be 00")
        }
        return HourlyConsumption(hourStart: hourStart, consumptionWh: try energy(String(fields[1]), line: line))
    }

    /// A non-negative whole number of Wh, at most `maximumWh`.
    static func energy(_ text: String, line: Int) throws(MatchingError) -> UInt64 {
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "-"), bytes.count > 1, bytes.dropFirst().allSatisfy(isDigit) {
            throw MatchingError(.negative, line: line, "negative consumption \(text) Wh: must be 0 or more")
        }
        guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else {
            throw MatchingError(
                .notAnInteger, line: line,
                "consumption \(MatchingError.quoted(text)) is not a whole number of Wh (digits only)")
        }
        guard let value = UInt64(text), value <= maximumWh else {
            throw MatchingError(.tooLarge, line: line, "consumption \(text) Wh exceeds 2^53 = \(maximumWh) Wh")
        }
        return value
    }

    /// The hour after `previous` must be exactly one hour later.
    static func checkSequence(_ hourStart: Int64, after previous: Int64, line: Int) throws(MatchingError) {
        let expected = previous + 3600
        if hourStart == expected { return }
        let got = UTCTimestamp.format(hourStart)
        if hourStart == previous {
            throw MatchingError(.repeatedHour, line: line, "repeated hour \(got): already on line \(line - 1)")
        }
        if hourStart < previous {
            throw MatchingError(
                .backwards, line: line, "going backwards: \(got) after \(UTCTimestamp.format(previous))")
        }
        throw MatchingError(.gap, line: line, "gap: expected \(UTCTimestamp.format(expected)), got \(got)")
    }
}
