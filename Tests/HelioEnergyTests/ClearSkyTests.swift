import HelioEnergy
import Testing

struct ClearSkyTests {
    func power(_ capacityW: UInt64, _ place: (lat: Int64, lon: Int64), _ t: Int64) -> UInt64 {
        ClearSky.powerW(capacityW: capacityW, latitudeE6: place.lat, longitudeE6: place.lon, unixTime: t)
    }

    func energy(_ capacityW: UInt64, _ place: (lat: Int64, lon: Int64), _ start: Int64, _ end: Int64) -> UInt64 {
        ClearSky.energyWh(capacityW: capacityW, latitudeE6: place.lat, longitudeE6: place.lon, start: start, end: end)
    }

    @Test func zeroAtNight() {
        #expect(power(1_000_000, Place.copenhagen, utc(2024, 12, 21, 0)) == 0)
        #expect(power(1_000_000, Place.madrid, utc(2024, 6, 21, 0, 17)) == 0)
        // Copenhagen in December: sunset ≈ 14:38 UTC, sunrise ≈ 07:37 UTC.
        #expect(energy(1_000_000, Place.copenhagen, utc(2024, 12, 21, 15), utc(2024, 12, 22, 7)) == 0)
        // Polar night: a whole day, and a whole week, of nothing.
        #expect(energy(5_000_000, Place.longyearbyen, utc(2024, 12, 21), utc(2024, 12, 22)) == 0)
        #expect(energy(5_000_000, Place.longyearbyen, utc(2024, 12, 18), utc(2024, 12, 25)) == 0)
    }

    @Test func middayOutputIsPlausible() {
        // Sun overhead: Haurwitz ≈ 1035 W/m² × 0.85 ≈ 0.88 of nameplate.
        let peak = power(1_000_000, Place.nullIsland, utc(2024, 3, 20, 12, 7))
        #expect(peak > 870_000 && peak < 890_000)
        // A clear June day in Copenhagen: ≈ 6.5 kWh per kW on a horizontal plane.
        let day = energy(1000, Place.copenhagen, utc(2024, 6, 21), utc(2024, 6, 22))
        #expect(day > 5_500 && day < 8_000)
    }

    @Test func neverAboveCapacity() {
        let capacities: [UInt64] = [0, 1, 3, 999, 4_000, 1_000_000, 250_000_000_000, (1 << 53) + 1, .max]
        let places = [Place.nullIsland, Place.copenhagen, Place.sydney, Place.denver]
        for capacity in capacities {
            for place in places {
                for hour in stride(from: Int64(0), to: 24, by: 3) {
                    #expect(power(capacity, place, utc(2024, 3, 20, hour)) <= capacity)
                }
            }
        }
        // Energy bound: ⌊capacity × seconds / 3600⌋, for periods that do not start on a whole minute too.
        let periods: [(Int64, Int64)] = [
            (utc(2024, 3, 20, 11), utc(2024, 3, 20, 13)), (utc(2024, 3, 20, 11) + 17, utc(2024, 3, 20, 12) + 59),
            (utc(2024, 3, 20), utc(2024, 3, 21)), (utc(2024, 3, 20, 12), utc(2024, 3, 20, 12) + 1),
        ]
        for capacity: UInt64 in [1, 7, 1000, 3_600_000, 1 << 40] {
            for (start, end) in periods {
                let bound = capacity * UInt64(end - start) / 3600
                #expect(energy(capacity, Place.nullIsland, start, end) <= bound)
            }
        }
        // A capacity near UInt64.max saturates instead of trapping.
        #expect(energy(.max, Place.nullIsland, utc(2024, 3, 20, 11), utc(2024, 3, 20, 13)) == .max)
    }

    @Test func emptyPeriodsAndZeroCapacity() {
        let t = utc(2024, 6, 21, 12)
        #expect(energy(1_000_000, Place.copenhagen, t, t) == 0)
        #expect(energy(1_000_000, Place.copenhagen, t, t - 3600) == 0)
        #expect(energy(0, Place.copenhagen, t - 3600, t + 3600) == 0)
        #expect(power(0, Place.copenhagen, t) == 0)
    }

    @Test func summerNoonBeatsWinterNoonAt55North() {
        let summer = power(1_000_000, Place.copenhagen, utc(2024, 6, 21, 11, 10))
        let winter = power(1_000_000, Place.copenhagen, utc(2024, 12, 21, 11, 10))
        #expect(summer > 0 && winter > 0)
        #expect(summer > 3 * winter)
        let summerDay = energy(1_000_000, Place.copenhagen, utc(2024, 6, 21), utc(2024, 6, 22))
        let winterDay = energy(1_000_000, Place.copenhagen, utc(2024, 12, 21), utc(2024, 12, 22))
        #expect(summerDay > 5 * winterDay)
    }

    @Test func monotonicInCapacity() {
        let start = utc(2024, 5, 2, 6)
        let end = utc(2024, 5, 2, 14) + 23
        var previousEnergy: UInt64 = 0
        var previousPower: UInt64 = 0
        for capacity: UInt64 in [0, 1, 2, 10, 99, 100, 1000, 1001, 50_000, 1_000_000, 1_000_001, 7_000_000_000] {
            let e = energy(capacity, Place.madrid, start, end)
            let p = power(capacity, Place.madrid, utc(2024, 5, 2, 12))
            #expect(e >= previousEnergy)
            #expect(p >= previousPower)
            previousEnergy = e
            previousPower = p
        }
    }

    @Test func splittingAPeriodLosesAtMostOneWh() {
        // W·s are accumulated exactly; only the final division rounds. Split on the 60 s grid of the first part.
        let start = utc(2024, 4, 10, 5)
        let middle = start + 60 * 317
        let end = utc(2024, 4, 10, 19)
        let whole = energy(2_500_000, Place.madrid, start, end)
        let parts = energy(2_500_000, Place.madrid, start, middle) + energy(2_500_000, Place.madrid, middle, end)
        #expect(whole >= parts && whole <= parts + 1)
    }

    @Test func sixtySecondMidpointRuleIsAccurate() {
        // Against a 1-second sum over a whole June day at Copenhagen: within 0.1 %.
        let start = utc(2024, 6, 21)
        let capacity: UInt64 = 10_000_000
        var wattSeconds: UInt64 = 0
        for t in start..<(start + 86_400) {
            wattSeconds += power(capacity, Place.copenhagen, t)
        }
        let fine = Double(wattSeconds / 3600)
        let coarse = Double(energy(capacity, Place.copenhagen, start, start + 86_400))
        #expect(abs(coarse - fine) / fine < 0.001)
    }
}
