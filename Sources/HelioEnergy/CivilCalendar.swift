/// Proleptic Gregorian calendar arithmetic on unix time, in integers (Howard Hinnant's civil-date
/// algorithms): the one place Helio turns days into dates and back — commissioning dates, ISO 8601 times
/// (`UTCTimestamp`), and GO expiry, "N calendar months after the end of production", which no fixed
/// number of seconds expresses.
public enum CivilCalendar {
    /// Days since 1970-01-01 of a civil date (month 1…12, day 1…31).
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func date(days z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `time` moved `months` calendar months on, same time of day; the day is clamped to the target
    /// month's length (31 March + 1 month = 30 April).
    public static func adding(months: Int64, to time: Int64) -> Int64 {
        let dayCount = time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
        let seconds = time - dayCount * 86_400
        let (y, m, d) = date(days: dayCount)
        let total = y * 12 + (m - 1) + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        let day = min(d, daysInMonth(year: year, month: month))
        return days(year: year, month: month, day: day) * 86_400 + seconds
    }
}
