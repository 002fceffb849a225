import Testing

@testable import HelioEnergy

/// Named cases whose answers follow from geometry alone: elevation at solar noon is 90° − |latitude −
/// declination| (declination ±23.44° at the solstices, ≈ 0 at the equinoxes), at solar midnight
/// latitude + declination − 90° (northern hemisphere), plus ≈ 0.01° of refraction at these heights.
struct SolarPositionTests {
    func elevation(_ place: (lat: Int64, lon: Int64), _ t: Int64) -> Double {
        SolarPosition.elevationDegrees(latitudeE6: place.lat, longitudeE6: place.lon, unixTime: t)
    }

    func maxElevation(_ place: (lat: Int64, lon: Int64), _ start: Int64, _ end: Int64) -> Double {
        SolarPosition.maxElevationDegrees(latitudeE6: place.lat, longitudeE6: place.lon, start: start, end: end)
    }

    @Test func utcHelperMatchesKnownInstants() {
        #expect(utc(1970, 1, 1) == 0)
        #expect(utc(2000, 1, 1, 12) == 946_728_000)
        #expect(utc(2024, 2, 29) == 1_709_164_800)
        #expect(utc(2024, 6, 21, 12) == 1_718_971_200)
    }

    @Test func equinoxNoonAtTheEquatorIsNearlyOverhead() {
        // March equinox 2024 was at 03:06 UTC: by noon the declination is ≈ +0.09°; solar noon at 0° E is
        // ≈ 12:07 UTC (equation of time ≈ −7.5 min).
        let peak = maxElevation(Place.nullIsland, utc(2024, 3, 20, 11), utc(2024, 3, 20, 13))
        #expect(peak > 89.8 && peak <= 90)
        #expect(elevation(Place.nullIsland, utc(2024, 3, 20, 12, 7)) > 89.7)
        // Six hours later the sun is on the horizon.
        #expect(abs(elevation(Place.nullIsland, utc(2024, 3, 20, 18, 7))) < 1)
    }

    @Test func polarNightInLongyearbyen() {
        // 90 − 78.22 − 23.44 = −11.66°: the sun never rises on the December solstice.
        let peak = maxElevation(Place.longyearbyen, utc(2024, 12, 21), utc(2024, 12, 22))
        #expect(peak < 0)
        #expect(abs(peak - -11.66) < 0.1)
    }

    @Test func midnightSunInLongyearbyen() {
        // Solar midnight at 15.63° E in late June is ≈ 22:59 UTC; elevation ≈ 78.22 + 23.43 − 90 = 11.65°.
        let midnight = elevation(Place.longyearbyen, utc(2024, 6, 21, 22, 59))
        #expect(midnight > 0)
        #expect(abs(midnight - 11.7) < 0.15)
        // And at every hour of the day.
        for hour in Int64(0)..<24 {
            #expect(elevation(Place.longyearbyen, utc(2024, 6, 21, hour)) > 11)
        }
    }

    @Test func copenhagenSummerSolsticeNoon() {
        // 90 − 55.676 + 23.44 = 57.76°, + 0.01° refraction.
        let peak = maxElevation(Place.copenhagen, utc(2024, 6, 21, 10), utc(2024, 6, 21, 12))
        #expect(abs(peak - 57.77) < 0.05)
    }

    @Test func madridSunIsDownAtLocalMidnightInJune() {
        // Local (solar) midnight at 3.7° W is ≈ 00:17 UTC: elevation ≈ 40.42 + 23.43 − 90 = −26.15°.
        let midnight = elevation(Place.madrid, utc(2024, 6, 21, 0, 17))
        #expect(midnight < 0)
        #expect(abs(midnight - -26.15) < 0.1)
    }

    @Test func westLongitudeIsNegative() {
        // Denver (105° W) has solar noon ≈ 19:00 UTC and solar midnight ≈ 07:00 UTC. A sign error would swap them.
        #expect(elevation(Place.denver, utc(2024, 6, 21, 19)) > 70)
        #expect(elevation(Place.denver, utc(2024, 6, 21, 7)) < -20)
        // Madrid's noon comes after Greenwich's: 12:17 UTC is higher than 11:43 UTC.
        #expect(elevation(Place.madrid, utc(2024, 6, 21, 12, 17)) > elevation(Place.madrid, utc(2024, 6, 21, 11, 43)))
    }

    @Test func southernHemisphereSeasonsAreReversed() {
        // Sydney: December noon 90 − 33.87 + 23.44 = 79.57°, June noon 90 − 33.87 − 23.44 = 32.69°.
        let december = maxElevation(Place.sydney, utc(2024, 12, 21, 0), utc(2024, 12, 21, 4))
        let june = maxElevation(Place.sydney, utc(2024, 6, 21, 0), utc(2024, 6, 21, 4))
        #expect(abs(december - 79.57) < 0.1)
        #expect(abs(june - 32.72) < 0.1)  // 32.69° + 0.03° refraction
    }

    @Test func refractionLiftsTheSunAtTheHorizon() {
        #expect(abs(SolarPosition.refractionDegrees(trueElevation: 0) - 0.482) < 0.001)
        #expect(SolarPosition.refractionDegrees(trueElevation: 89) == 0)
        // Continuous where NOAA's pieces meet (within 0.002°).
        for edge in [-0.575, 5, 85] {
            let below = SolarPosition.refractionDegrees(trueElevation: edge - 1e-9)
            let above = SolarPosition.refractionDegrees(trueElevation: edge + 1e-9)
            #expect(abs(below - above) < 0.002, "at \(edge)°")
        }
    }
}
