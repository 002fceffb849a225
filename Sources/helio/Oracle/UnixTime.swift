import HelioEnergy

/// Times on the command line and in reading files: unix seconds (`1782000000`), an ISO 8601 UTC time
/// (`2026-06-21T00:00:00Z`) or a date (`2026-06-21`, meaning 00:00 UTC). Integer arithmetic only, no
/// time zone but UTC, so a file means the same everywhere.
enum UnixTime {
    static let secondsPerDay: Int64 = 86_400

    /// Unix seconds of `text`, or nil when it is none of the three forms (or a calendar impossibility).
    static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        if !b.isEmpty, b.count <= 18, b.allSatisfy(isDigit) { return Int64(text) }
        if b.count == 10 { return day(b).map { $0 * secondsPerDay } }
        // YYYY-MM-DDTHH:MM:SSZ
        guard b.count == 20, b[10] == UInt8(ascii: "T"), b[13] == colon, b[16] == colon, b[19] == UInt8(ascii: "Z"),
            let days = day(Array(b[0..<10])), let h = number(b[11..<13]), let m = number(b[14..<16]),
            let s = number(b[17..<19]), h < 24, m < 60, s < 60
        else { return nil }
        return days * secondsPerDay + h * 3600 + m * 60 + s
    }

    /// Days since 1970-01-01 of a strict `YYYY-MM-DD` (proleptic Gregorian, years 1970…9999).
    static func day(_ b: [UInt8]) -> Int64? {
        guard b.count == 10, b[4] == dash, b[7] == dash, let y = number(b[0..<4]), let m = number(b[5..<7]),
            let d = number(b[8..<10]), y >= 1970, (1...12).contains(m)
        else { return nil }
        guard d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: m) else { return nil }
        return CivilCalendar.days(year: y, month: m, day: d)
    }

    /// `2026-06-21T10:15:00Z` (for messages).
    static func iso(_ t: Int64) -> String { UTCTimestamp.format(t) }

    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")
    private static func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var v: Int64 = 0
        for c in digits {
            guard isDigit(c) else { return nil }
            v = v * 10 + Int64(c - 48)
        }
        return v
    }
}
