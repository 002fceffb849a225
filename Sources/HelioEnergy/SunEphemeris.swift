#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sun's declination and the equation of time at one instant, by NOAA's solar calculator formulas
/// (Meeus, *Astronomical Algorithms*, chapters 25 and 28, low-precision series). Angles in radians unless the
/// name says otherwise.
struct SunEphemeris {
    /// Declination of the sun, radians.
    let declination: Double
    /// Equation of time (apparent minus mean solar time), minutes; within ±17 minutes over a year.
    let equationOfTimeMinutes: Double

    /// Unix time of J2000.0 (2000-01-01 12:00, taken as UTC): the epoch of the series.
    static let j2000UnixTime: Int64 = 946_728_000
    /// Seconds in a day.
    static let secondsPerDay: Int64 = 86_400
    /// Days in a Julian century: the time unit of the series.
    static let daysPerJulianCentury = 36_525.0

    init(unixTime: Int64) {
        let rad = SolarPosition.radiansPerDegree
        // Julian centuries since J2000.0, from integer seconds (no precision lost to a Julian day near 2.4e6).
        let t = Double(unixTime - Self.j2000UnixTime) / Double(Self.secondsPerDay) / Self.daysPerJulianCentury

        let meanLongitude = (280.46646 + t * (36_000.76983 + t * 0.0003032)).truncatingRemainder(dividingBy: 360)
        let meanAnomaly = (357.52911 + t * (35_999.05029 - 0.0001537 * t)) * rad
        let eccentricity = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
        let centre =
            sin(meanAnomaly) * (1.914602 - t * (0.004817 + 0.000014 * t)) + sin(2 * meanAnomaly)
            * (0.019993 - 0.000101 * t) + sin(3 * meanAnomaly) * 0.000289
        let trueLongitude = meanLongitude + centre
        // Longitude of the moon's ascending node: drives the nutation terms.
        let node = (125.04 - 1934.136 * t) * rad
        let apparentLongitude = (trueLongitude - 0.00569 - 0.00478 * sin(node)) * rad
        let meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60
        let obliquity = (meanObliquity + 0.00256 * cos(node)) * rad

        declination = asin(sin(obliquity) * sin(apparentLongitude))

        let y = tan(obliquity / 2) * tan(obliquity / 2)
        let l0 = meanLongitude * rad
        let e = eccentricity
        let eotRadians =
            y * sin(2 * l0) - 2 * e * sin(meanAnomaly) + 4 * e * y * sin(meanAnomaly) * cos(2 * l0) - 0.5 * y * y
            * sin(4 * l0) - 1.25 * e * e * sin(2 * meanAnomaly)
        // 1° of hour angle = 4 minutes of time.
        equationOfTimeMinutes = 4 * eotRadians / rad
    }

    /// Hour angle of the sun, degrees in [−180, 180): 0 at local solar noon, negative in the morning.
    func hourAngleDegrees(longitudeE6: Int64, unixTime: Int64) -> Double {
        let secondOfDay = ((unixTime % Self.secondsPerDay) + Self.secondsPerDay) % Self.secondsPerDay
        let longitude = Double(longitudeE6) / SolarPosition.microdegreesPerDegree
        let trueSolarMinutes = Double(secondOfDay) / 60 + equationOfTimeMinutes + 4 * longitude
        var angle = (trueSolarMinutes / 4 - 180).truncatingRemainder(dividingBy: 360)
        if angle < -180 { angle += 360 }
        if angle >= 180 { angle -= 360 }
        return angle
    }
}
