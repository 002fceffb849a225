#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the sun is in the sky, seen from a place on Earth at an instant.
///
/// The algorithm is the one behind NOAA's solar calculator (NOAA Global Monitoring Laboratory, after Jean Meeus,
/// *Astronomical Algorithms*): from the Julian century since J2000.0 it takes the sun's geometric mean longitude
/// and mean anomaly, the equation of centre, the apparent longitude (nutation and aberration folded in), the
/// corrected obliquity of the ecliptic, the declination and the equation of time; the true solar time gives the
/// hour angle and the hour angle the zenith angle. Meeus gives these low-accuracy series as good to ≈ 0.01°;
/// NOAA states its calculator is meant for 1901–2099. Against an independent algorithm (the Astronomical
/// Almanac's, Michalsky 1988) it agrees to 0.01° over the test vectors (`Tests/HelioEnergyTests/Vectors`).
///
/// Inputs are integers so that callers never round: locations in microdegrees (north and east positive),
/// instants in unix seconds (UTC; the ≈ 70 s between UTC and terrestrial time moves the sun by ≈ 0.0008°
/// and is ignored). Results are `Double` degrees: an angle is not a quantity that gets booked.
public enum SolarPosition {
    /// Apparent elevation of the sun's centre above the horizon, in degrees (−90…90): the geometric elevation
    /// plus the standard atmospheric refraction (NOAA's piecewise fit; ≈ 0.48° at the horizon, 0 above 85°).
    ///
    /// - Parameters:
    ///   - latitudeE6: latitude in microdegrees, north positive (−90_000_000…90_000_000).
    ///   - longitudeE6: longitude in microdegrees, east positive, west negative.
    ///   - unixTime: the instant, unix seconds (UTC).
    /// - Returns: degrees; negative when the sun is below the horizon. Accuracy ≈ 0.01° for 1950–2050.
    public static func elevationDegrees(latitudeE6: Int64, longitudeE6: Int64, unixTime: Int64) -> Double {
        let geometric = trueElevationDegrees(latitudeE6: latitudeE6, longitudeE6: longitudeE6, unixTime: unixTime)
        return geometric + refractionDegrees(trueElevation: geometric)
    }

    /// Geometric elevation (no refraction), degrees. Internal: tests compare it with the reference algorithm
    /// below the horizon, where refraction models are conventions rather than physics.
    static func trueElevationDegrees(latitudeE6: Int64, longitudeE6: Int64, unixTime: Int64) -> Double {
        let sun = SunEphemeris(unixTime: unixTime)
        let latitude = Double(latitudeE6) / microdegreesPerDegree * radiansPerDegree
        let hourAngle = sun.hourAngleDegrees(longitudeE6: longitudeE6, unixTime: unixTime) * radiansPerDegree
        let cosZenith = sin(latitude) * sin(sun.declination) + cos(latitude) * cos(sun.declination) * cos(hourAngle)
        return 90 - acos(min(1, max(-1, cosZenith))) / radiansPerDegree
    }

    /// Atmospheric refraction, degrees, for a geometric elevation in degrees: NOAA's calculator's fit for a
    /// standard atmosphere (Bennett-like above 5°, a polynomial down to −0.575°, and a small tail below that
    /// NOAA keeps so the curve stays continuous). Refraction lifts the sun's image: the sun is "up" while its
    /// centre is still ≈ 0.5° below the geometric horizon.
    static func refractionDegrees(trueElevation e: Double) -> Double {
        let arcseconds: Double
        if e > 85 {
            arcseconds = 0
        } else if e > 5 {
            let t = tan(e * radiansPerDegree)
            arcseconds = 58.1 / t - 0.07 / (t * t * t) + 0.000086 / (t * t * t * t * t)
        } else if e > -0.575 {
            arcseconds = 1735 + e * (-518.2 + e * (103.4 + e * (-12.79 + e * 0.711)))
        } else {
            arcseconds = -20.772 / tan(e * radiansPerDegree)
        }
        return arcseconds / 3600
    }

    /// Microdegrees in a degree: the unit of `latitudeE6` / `longitudeE6`.
    static let microdegreesPerDegree = 1_000_000.0
    /// π / 180.
    static let radiansPerDegree = Double.pi / 180
}
