extension SolarPosition {
    /// Sampling interval of `maxElevationDegrees`, seconds: the sun moves at most 0.25° per minute, so between
    /// samples 5 minutes apart (and with the exact noon added) the missed peak is far below the model's accuracy.
    static let maximumSamplingSeconds: Int64 = 300

    /// Instants are clamped to ±2^40 s (≈ ±34,800 years around 1970) before any arithmetic, so absurd input
    /// cannot overflow; the algorithm is only accurate for a few centuries around 2000 anyway.
    static let instantLimit: Int64 = 1 << 40

    /// The highest apparent elevation of the sun during the closed interval [`start`, `end`], in degrees.
    ///
    /// Within a day the elevation rises until local solar noon (hour angle 0) and falls after it, so the maximum
    /// over an interval is at one of its ends or at a solar noon inside it. This evaluates the elevation at
    /// `start`, at `end`, every 300 s between them and at every local solar noon that falls inside: exact to the
    /// model's accuracy (≈ 0.01°) for the periods of at most a few hours that readings cover, and still a
    /// correct upper envelope for longer ones. Cost is linear in the length (≈ 290 evaluations per day).
    ///
    /// Use it to reject production claimed for a period when the sun never rose (polar night, night-time
    /// intervals): `maxElevationDegrees(…) <= 0` means the sun's centre stayed below the (refracted) horizon.
    ///
    /// - Parameters:
    ///   - latitudeE6: latitude in microdegrees, north positive.
    ///   - longitudeE6: longitude in microdegrees, east positive, west negative.
    ///   - start: first instant, unix seconds (UTC).
    ///   - end: last instant, unix seconds (UTC); if `end < start` only `start` is evaluated.
    /// - Returns: degrees, −90…90.
    public static func maxElevationDegrees(latitudeE6: Int64, longitudeE6: Int64, start: Int64, end: Int64) -> Double {
        let first = min(max(start, -instantLimit), instantLimit)
        let last = max(first, min(end, instantLimit))
        func elevation(_ t: Int64) -> Double {
            elevationDegrees(latitudeE6: latitudeE6, longitudeE6: longitudeE6, unixTime: t)
        }
        var best = max(elevation(first), elevation(last))
        var t = first + maximumSamplingSeconds
        while t < last {
            best = max(best, elevation(t))
            t += maximumSamplingSeconds
        }
        // Solar noon of a UTC day can fall on the previous or next UTC date far from Greenwich: look one day wider.
        let secondsPerDay = SunEphemeris.secondsPerDay
        let firstDay = floorDivide(first, secondsPerDay) - 1
        let lastDay = floorDivide(last, secondsPerDay) + 1
        for day in firstDay...lastDay {
            let noon = solarNoon(utcDay: day, longitudeE6: longitudeE6)
            if noon >= first && noon <= last {
                best = max(best, elevation(noon))
            }
        }
        return best
    }

    /// Local solar noon (hour angle 0) near the middle of UTC day `utcDay` (days since 1970-01-01) as seen at
    /// `longitudeE6`, unix seconds rounded to the second. Noon UTC = 12:00 − 4 min per degree east − equation of
    /// time; the equation of time is evaluated again at the first estimate (it changes < 30 s per day).
    static func solarNoon(utcDay: Int64, longitudeE6: Int64) -> Int64 {
        let longitude = Double(longitudeE6) / microdegreesPerDegree
        let midnight = utcDay * SunEphemeris.secondsPerDay
        var noon = midnight + Int64((720 - 4 * longitude) * 60)
        for _ in 0..<2 {
            let eot = SunEphemeris(unixTime: noon).equationOfTimeMinutes
            noon = midnight + Int64(((720 - 4 * longitude - eot) * 60).rounded())
        }
        return noon
    }

    /// ⌊a / b⌋ for b > 0 (Swift's `/` truncates toward zero).
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b < 0) ? q - 1 : q
    }
}
