import HelioEnergy
import HelioLedger

/// A simulated solar meter: one day of interval readings from the clear-sky model, dimmed by seeded
/// clouds, with a cumulative register. Integers throughout (Wh, per-mille, microdegrees); the same
/// inputs give the same readings on every run, so a re-run is recognised as `already_recorded`.
struct SolarMeter {
    let meter: String
    let capacityW: UInt64
    let latitudeE6: Int64
    let longitudeE6: Int64
    let intervalSeconds: Int64
    /// Mean cloud cover in per-mille (0 = clear sky all day, 1000 = no output).
    let cloudsPerMille: UInt64
    let seed: UInt64

    /// The readings of every interval of the UTC day starting at `dayStart`, in order; the register
    /// starts at `registerWh` and grows by each interval's energy.
    func day(startingAt dayStart: Int64, registerWh: Int64) -> [MeterReading] {
        var clouds = CloudCover(seed: seed, meanPerMille: cloudsPerMille)
        var register = registerWh
        var out: [MeterReading] = []
        var start = dayStart
        while start < dayStart + UnixTime.secondsPerDay {
            let end = start + intervalSeconds
            let clear = ClearSky.energyWh(
                capacityW: capacityW, latitudeE6: latitudeE6, longitudeE6: longitudeE6, start: start, end: end)
            // Drawn for every interval, night included, so interval k's clouds depend on the seed only.
            let cover = clouds.next()
            let energy = clear * (1000 - cover) / 1000
            register += Int64(energy)
            out.append(
                MeterReading(meter: meter, periodStart: start, periodEnd: end, energyWh: energy, cumulativeWh: register)
            )
            start = end
        }
        return out
    }
}

/// Cloud cover per interval, in per-mille: uniform in [0, 2 × mean] (capped at 1000), so its mean is
/// `meanPerMille` for means up to 500. SplitMix64 (Steele, Lea & Flood 2014) as the generator: tiny,
/// seedable and the same on every platform.
struct CloudCover {
    private var state: UInt64
    let meanPerMille: UInt64

    init(seed: UInt64, meanPerMille: UInt64) {
        self.state = seed
        self.meanPerMille = min(meanPerMille, 1000)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return min(1000, meanPerMille * (z % 2001) / 1000)
    }
}
