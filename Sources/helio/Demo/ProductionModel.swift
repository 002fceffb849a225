import Foundation
import HelioEnergy

/// The island's weather over the simulated days, shared by every device (they are a few km apart): a cloud
/// type per day, a cloud factor per 15-minute interval, and the wind speed at hub height.
///
/// Physics in `Double`, as the brief allows; energies become whole Wh (rounded down) in `ProductionModel`.
struct Weather: Sendable {
    enum Sky: String, Sendable, CaseIterable {
        case clear, broken, overcast
    }

    /// Intervals per day at 15 minutes.
    static let intervalsPerDay = 96

    let skies: [Sky]
    /// Share of the clear-sky output that gets through, per interval (0.05…1).
    let cloudFactor: [Double]
    /// Wind speed at hub height, m/s, per interval.
    let windSpeed: [Double]

    init(seed: UInt64, days: Int) {
        var sky = SeededRandom(seed: seed, stream: "sky")
        var clouds = SeededRandom(seed: seed, stream: "clouds")
        var wind = SeededRandom(seed: seed, stream: "wind")
        var skies: [Sky] = []
        var factors: [Double] = []
        var speeds: [Double] = []
        var speed = -1.0
        for _ in 0..<days {
            // Danish odds: clear days are the rarest.
            let draw = sky.unit()
            let today: Sky = draw < 0.25 ? .clear : draw < 0.65 ? .broken : .overcast
            skies.append(today)
            let (mean, spread, low, high): (Double, Double, Double, Double) =
                switch today {
                case .clear: (0.95, 0.03, 0.85, 1.0)
                case .broken: (0.60, 0.22, 0.15, 1.0)
                case .overcast: (0.25, 0.07, 0.05, 0.45)
                }
            // AR(1) around the day's mean: clouds drift, they do not jump every quarter hour.
            var factor = mean
            // Daily mean wind from a Weibull(k = 2, λ = 9 m/s), the usual shape of coastal winds, kept ≥ 5 m/s
            // so the turbine turns every day; then an AR(1) walk towards it with gusty noise.
            let dailyWind = min(16, max(5, 9 * (-log(max(wind.unit(), 1e-12))).squareRoot()))
            if speed < 0 { speed = dailyWind }
            for _ in 0..<Self.intervalsPerDay {
                factor = mean + 0.8 * (factor - mean) + spread * 0.6 * clouds.normal()
                factors.append(min(high, max(low, factor)))
                speed = speed + 0.08 * (dailyWind - speed) + 0.45 * wind.normal()
                speed = min(30, max(0, speed))
                speeds.append(speed)
            }
        }
        self.skies = skies
        cloudFactor = factors
        windSpeed = speeds
    }
}

/// Interval energies of each device: PV from the clear-sky model (HelioEnergy `ClearSky`, sun position for
/// the plant's place and time) dimmed by the day's clouds, times the plant's performance and a little
/// per-plant noise; wind from a power curve over the shared wind speed.
///
/// Every energy is at most capacity × interval (100 %), inside the registry's 110 % plausibility limit, and
/// PV is 0 whenever the clear-sky model gives 0 (sun below the horizon), so the registry refuses none of
/// the simulated readings; only the planned faults are refused.
enum ProductionModel {
    /// Wind turbine power curve: cut-in 3 m/s, rated from 12 m/s, cut-out at 25 m/s.
    static let cutInMetresPerSecond = 3.0
    static let ratedMetresPerSecond = 12.0
    static let cutOutMetresPerSecond = 25.0

    /// Share of rated power at `speed` m/s: cubic between cut-in and rated speed, 1 up to cut-out, else 0.
    static func windPowerFraction(speed: Double) -> Double {
        guard speed >= cutInMetresPerSecond, speed < cutOutMetresPerSecond else { return 0 }
        guard speed < ratedMetresPerSecond else { return 1 }
        let cube = { (v: Double) in v * v * v }
        return (cube(speed) - cube(cutInMetresPerSecond)) / (cube(ratedMetresPerSecond) - cube(cutInMetresPerSecond))
    }

    /// The most a device can deliver in one interval, Wh (capacity × 15 min).
    static func ceilingWh(_ device: DemoDevice) -> UInt64 {
        device.capacityW * UInt64(Neighbourhood.intervalSeconds) / 3600
    }

    /// Energy of every interval of the simulated days for `device`, Wh, in time order.
    static func energies(
        _ device: DemoDevice, weather: Weather, firstDayStart: Int64, seed: UInt64
    ) -> [UInt64] {
        var noise = SeededRandom(seed: seed, stream: "noise/\(device.id)")
        let ceiling = ceilingWh(device)
        return weather.cloudFactor.indices.map { i in
            let start = firstDayStart + Int64(i) * Neighbourhood.intervalSeconds
            let jitter = 1 + 0.03 * max(-1, min(1, noise.normal()))
            let wh: Double
            switch device.kind {
            case .pv:
                let clear = ClearSky.energyWh(
                    capacityW: device.capacityW, latitudeE6: device.latitudeE6, longitudeE6: device.longitudeE6,
                    start: start, end: start + Neighbourhood.intervalSeconds)
                wh = Double(clear) * weather.cloudFactor[i] * device.performance * jitter
            case .wind:
                wh = Double(ceiling) * windPowerFraction(speed: weather.windSpeed[i])
            }
            return min(ceiling, UInt64(max(0, wh).rounded(.down)))
        }
    }
}
