import Testing

@testable import HelioEnergy

/// maxElevationDegrees against brute force (every 10 s) over intervals that do and do not contain solar noon.
struct SolarMaximumTests {
    static let places = [Place.copenhagen, Place.longyearbyen, Place.madrid, Place.denver, Place.sydney]

    func bruteForceMax(_ place: (lat: Int64, lon: Int64), _ start: Int64, _ end: Int64) -> Double {
        var best = -90.0
        for t in Array(stride(from: start, through: end, by: 10)) + [end] {
            best = max(best, SolarPosition.elevationDegrees(latitudeE6: place.lat, longitudeE6: place.lon, unixTime: t))
        }
        return best
    }

    @Test(arguments: [Int64(0), 1, 2, 3, 4])
    func agreesWithBruteForce(_ placeIndex: Int64) {
        let place = Self.places[Int(placeIndex)]
        // Deterministic spread of 40 intervals of 7 min … 5 h across 2024.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(placeIndex + 1)
        for _ in 0..<40 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let start = utc(2024, 1, 1) + Int64(seed >> 40) % (366 * 86_400)
            let length = 420 + Int64(seed & 0xFFFF) % (5 * 3600)
            let fast = SolarPosition.maxElevationDegrees(
                latitudeE6: place.lat, longitudeE6: place.lon, start: start, end: start + length)
            let slow = bruteForceMax(place, start, start + length)
            #expect(fast >= slow - 0.005, "start \(start) length \(length)")
            #expect(fast <= slow + 0.005, "start \(start) length \(length)")
        }
    }

    @Test func solarNoonIsWhereTheHourAngleIsZero() {
        for place in Self.places {
            for day in stride(from: utc(2024, 1, 1) / 86_400, to: utc(2025, 1, 1) / 86_400, by: 37) {
                let noon = SolarPosition.solarNoon(utcDay: day, longitudeE6: place.lon)
                let hourAngle = SunEphemeris(unixTime: noon).hourAngleDegrees(longitudeE6: place.lon, unixTime: noon)
                #expect(abs(hourAngle) < 0.01)  // 0.01° of hour angle = 2.4 s
            }
        }
    }

    @Test func degenerateIntervals() {
        let t = utc(2024, 6, 21, 12)
        let (lat, lon) = Place.copenhagen
        let at = SolarPosition.elevationDegrees(latitudeE6: lat, longitudeE6: lon, unixTime: t)
        #expect(SolarPosition.maxElevationDegrees(latitudeE6: lat, longitudeE6: lon, start: t, end: t) == at)
        #expect(SolarPosition.maxElevationDegrees(latitudeE6: lat, longitudeE6: lon, start: t, end: t - 3600) == at)
        // Absurd instants are clamped, not trapped on.
        let extreme = SolarPosition.maxElevationDegrees(latitudeE6: lat, longitudeE6: lon, start: .max - 10, end: .max)
        #expect(extreme >= -90 && extreme <= 90)
    }
}
