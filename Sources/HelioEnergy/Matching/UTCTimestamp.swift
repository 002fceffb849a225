/// Unix seconds ⇄ ISO 8601 UTC text (`2026-06-01T10:00:00Z`), proleptic Gregorian calendar.
///
/// Hand-written rather than Foundation's `ISO8601DateFormatter` so HelioEnergy stays free of Foundation, the
/// accepted form is exactly one shape (no offsets, fractions or lowercase), and the result does not depend on
/// the platform's ICU. The day arithmetic is `CivilCalendar`'s.
public enum UTCTimestamp {
    static let secondsPerDay: Int64 = 86_400

    /// `YYYY-MM-DDTHH:MM:SSZ` for `unixSeconds`. Years outside 0000…9999 are written with a sign (`-0001`,
    /// `+10000`, ISO 8601's expanded form), so every `Int64` has a text and nothing traps.
    public static func format(_ unixSeconds: Int64) -> String {
        let (days, secondOfDay) = floorDivide(unixSeconds, by: secondsPerDay)
        let (year, month, day) = civil(fromDays: days)
        let yearText: String
        if year < 0 {
            yearText = "-" + padded(0 - year, 4)
        } else if year > 9999 {
            yearText = "+" + String(year)
        } else {
            yearText = padded(year, 4)
        }
        return yearText + "-" + padded(month, 2) + "-" + padded(day, 2) + "T" + padded(secondOfDay / 3600, 2) + ":"
            + padded(secondOfDay / 60 % 60, 2) + ":" + padded(secondOfDay % 60, 2) + "Z"
    }

    /// Unix seconds of exactly `YYYY-MM-DDTHH:MM:SSZ` (20 ASCII characters, years 0000…9999, a real calendar
    /// day, hour 00…23, minute and second 00…59), or nil for anything else — no leap seconds, offsets,
    /// fractional seconds or lowercase `t`/`z`.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        return days(year: year, month: month, day: day) * secondsPerDay + hour * 3600 + minute * 60 + second
    }

    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        CivilCalendar.date(days: days)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 { CivilCalendar.daysInMonth(year: year, month: month) }

    /// Quotient rounded toward −∞ and a remainder in 0..<divisor (divisor > 0), so instants before 1970 land
    /// on the right day.
    static func floorDivide(_ value: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (q, r) = value.quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The decimal value of `count` ASCII digits at `start`, or nil if any is not a digit.
    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for byte in bytes[start..<start + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
