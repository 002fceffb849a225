#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a PV plant could produce under a cloudless sky: a ceiling for plausibility checks on metered output,
/// never an estimate that gets rewarded (Helio grants tokens for measured, signed readings only).
///
/// Model: Haurwitz's clear-sky global horizontal irradiance (Haurwitz 1945; one of the simplest models that
/// Reno, Hansen & Stein, Sandia SAND2012-2389, found competitive), GHI = 1098 · cos z · exp(−0.059 / cos z) W/m²
/// with cos z = sin(apparent elevation) from `SolarPosition`. It peaks at ≈ 1035 W/m² with the sun overhead.
/// The plant is treated as horizontal: nameplate `capacityW` is rated at 1000 W/m² (standard test conditions),
/// times a performance ratio of 0.85 for inverter, wiring, soiling and temperature losses, clamped to
/// [0, capacityW]. Tilted modules in winter can beat a horizontal model, so callers should allow a margin
/// (e.g. the 1.1 factor of the reference GC registry) when they use it as a ceiling.
///
/// Quantities are integers (W, Wh); only the sun's geometry is floating point. Deterministic for a given
/// platform's libm.
public enum ClearSky {
    /// Irradiance at which nameplate capacity is rated (standard test conditions), W/m².
    static let ratedIrradianceWPerM2 = 1000.0
    /// Share of the DC nameplate power delivered as AC under clear sky (typical system performance ratio).
    static let performanceRatio = 0.85
    /// Haurwitz's constants: extraterrestrial-like scale (W/m²) and the air-mass extinction coefficient.
    static let haurwitzScaleWPerM2 = 1098.0
    static let haurwitzExtinction = 0.059
    /// Integration step of `energyWh`, seconds.
    static let integrationStepSeconds: Int64 = 60

    /// Clear-sky AC power of a plant of nameplate `capacityW` at `unixTime`, in whole watts rounded down.
    ///
    /// - Returns: 0 when the sun's apparent elevation is ≤ 0; never more than `capacityW`.
    public static func powerW(capacityW: UInt64, latitudeE6: Int64, longitudeE6: Int64, unixTime: Int64) -> UInt64 {
        let elevation = SolarPosition.elevationDegrees(
            latitudeE6: latitudeE6, longitudeE6: longitudeE6, unixTime: unixTime)
        return scaled(capacityW, by: outputFraction(elevationDegrees: elevation))
    }

    /// Clear-sky output as a fraction of nameplate, in [0, 1].
    static func outputFraction(elevationDegrees: Double) -> Double {
        guard elevationDegrees > 0 else { return 0 }
        let cosZenith = sin(elevationDegrees * SolarPosition.radiansPerDegree)
        let ghi = haurwitzScaleWPerM2 * cosZenith * exp(-haurwitzExtinction / cosZenith)
        return min(1, max(0, ghi / ratedIrradianceWPerM2 * performanceRatio))
    }

    /// ⌊capacity × fraction⌋, never above `capacity` and never trapping, even for `UInt64.max`.
    static func scaled(_ capacity: UInt64, by fraction: Double) -> UInt64 {
        guard fraction > 0 else { return 0 }
        guard fraction < 1 else { return capacity }
        let watts = (Double(capacity) * fraction).rounded(.down)
        // Double(capacity) may round up past capacity (above 2^53); the comparison also keeps UInt64(_:) in range.
        return watts >= Double(capacity) ? capacity : min(capacity, UInt64(watts))
    }
}
