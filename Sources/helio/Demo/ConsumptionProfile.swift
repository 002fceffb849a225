import HelioEnergy

/// The consumers' metered consumption, hour by hour (UTC hours, whole Wh), drawn from the seed. Office
/// hours are Danish local time: CET (UTC+1), CEST (UTC+2) from the last Sunday of March to the last Sunday
/// of October, 01:00 UTC both ways (the EU rule).
struct ConsumptionProfile: Sendable {
    /// Office hours, local time: 08:00–18:00 on weekdays. The office buys GCs for these hours.
    static let officeOpens = 8
    static let officeCloses = 18

    let hours: [Int64]
    let household: [UInt64]
    let school: [UInt64]
    let office: [UInt64]

    init(seed: UInt64, firstDayStart: Int64, days: Int) {
        var rng = SeededRandom(seed: seed, stream: "consumption")
        var hours: [Int64] = []
        var household: [UInt64] = []
        var school: [UInt64] = []
        var office: [UInt64] = []
        for h in 0..<(days * 24) {
            let start = firstDayStart + Int64(h) * 3600
            let (weekday, localHour) = LocalTime.weekdayAndHour(start)
            let workday = weekday < 5
            let open = workday && (Self.officeOpens..<Self.officeCloses).contains(localHour)
            hours.append(start)
            // A family home: a morning and an evening peak on a 300 W base, ≈ 10 kWh a day.
            let homePeak = (6...8).contains(localHour) ? 700.0 : (17...21).contains(localHour) ? 1_000.0 : 0
            household.append(UInt64((300 + homePeak) * rng.uniform(0.85, 1.15)))
            // A school: 25–35 kW in lessons on weekdays 08–15, 4 kW otherwise.
            let lessons = workday && (8..<15).contains(localHour)
            school.append(UInt64((lessons ? rng.uniform(25_000, 35_000) : 4_000 * rng.uniform(0.9, 1.1))))
            // An office: 30–38 kW while open, a ramp the hour before, 4–5 kW at night and at weekends.
            let ramp = workday && localHour == Self.officeOpens - 1
            let watts = open ? rng.uniform(30_000, 38_000) : ramp ? 15_000 : rng.uniform(4_000, 5_000)
            office.append(UInt64(watts))
        }
        self.hours = hours
        self.household = household
        self.school = school
        self.office = office
    }

    /// Whether the office is open in the UTC hour starting at `hourStart`.
    static func officeOpen(_ hourStart: Int64) -> Bool {
        let (weekday, hour) = LocalTime.weekdayAndHour(hourStart)
        return weekday < 5 && (officeOpens..<officeCloses).contains(hour)
    }

    func total(_ role: Consumer.Role) -> UInt64 {
        switch role {
        case .household: household.reduce(0, +)
        case .school: school.reduce(0, +)
        case .office: office.reduce(0, +)
        }
    }
}

/// Danish civil time from unix time, in integers.
enum LocalTime {
    /// (weekday with Monday = 0, local hour 0–23).
    static func weekdayAndHour(_ utc: Int64) -> (Int, Int) {
        let local = utc + offsetSeconds(utc)
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        // 1970-01-01 was a Thursday (Monday = 0 → Thursday = 3).
        let weekday = Int(((day + 3) % 7 + 7) % 7)
        return (weekday, Int((local - day * 86_400) / 3600))
    }

    /// +1 h (CET), or +2 h (CEST) between 01:00 UTC on the last Sundays of March and October.
    static func offsetSeconds(_ utc: Int64) -> Int64 {
        let (year, _, _) = CivilCalendar.date(days: utc >= 0 ? utc / 86_400 : (utc - 86_399) / 86_400)
        let summerStarts = lastSunday(year: year, month: 3) * 86_400 + 3600
        let summerEnds = lastSunday(year: year, month: 10) * 86_400 + 3600
        return (summerStarts..<summerEnds).contains(utc) ? 7200 : 3600
    }

    /// Days since 1970-01-01 of the month's last Sunday.
    static func lastSunday(year: Int64, month: Int64) -> Int64 {
        let last = CivilCalendar.days(
            year: year, month: month, day: CivilCalendar.daysInMonth(year: year, month: month))
        let weekday = ((last + 3) % 7 + 7) % 7  // Monday = 0, Sunday = 6
        return last - (weekday + 1) % 7
    }
}
