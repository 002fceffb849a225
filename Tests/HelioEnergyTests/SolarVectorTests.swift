import Foundation
import Testing

@testable import HelioEnergy

/// Cross-checks SolarPosition (NOAA / Meeus) against Vectors/solar-elevation.json, computed by
/// Scripts/vectors/gen_solar_vectors.py with a different algorithm (Michalsky 1988, the Astronomical Almanac's)
/// and a different refraction formula (Saemundsson). The two agree to 0.01°; see Vectors/README.md.
struct SolarVectorTests {
    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let latitudeE6: Int64
        let longitudeE6: Int64
        let unixTime: Int64
        let trueElevationDeg: Double
        let apparentElevationDeg: Double?

        var testDescription: String { name }
    }

    struct File: Decodable {
        let algorithm: String
        let cases: [Case]
    }

    /// Both algorithms claim ≈ 0.01°; the vectors are rounded to 0.0001°. Measured worst case: 0.0094°.
    static let toleranceDegrees = 0.02

    static func load() throws -> File {
        try JSONDecoder().decode(File.self, from: Data(contentsOf: RepoPath.vector("solar-elevation.json")))
    }

    @Test func fileCoversLatitudesSeasonsAndTimes() throws {
        let file = try Self.load()
        #expect(file.algorithm == "michalsky-1988+saemundsson")
        #expect(file.cases.count >= 30)
        #expect(file.cases.contains { $0.latitudeE6 > 66_560_000 })  // north of the Arctic circle
        #expect(file.cases.contains { $0.latitudeE6 < -66_560_000 })  // south of the Antarctic circle
        #expect(file.cases.contains { $0.longitudeE6 < -170_000_000 })  // near the antimeridian, west
        #expect(file.cases.contains { $0.longitudeE6 > 170_000_000 })  // and east
        #expect(file.cases.filter { $0.trueElevationDeg < 0 }.count >= 10)
        #expect(file.cases.filter { abs($0.trueElevationDeg) < 1 }.count >= 10)  // near the horizon
    }

    @Test(arguments: try load().cases)
    func apparentElevationAgrees(_ c: Case) throws {
        let apparent = SolarPosition.elevationDegrees(
            latitudeE6: c.latitudeE6, longitudeE6: c.longitudeE6, unixTime: c.unixTime)
        if let expected = c.apparentElevationDeg {
            #expect(abs(apparent - expected) <= Self.toleranceDegrees, "got \(apparent)°, reference \(expected)°")
        } else {
            // Below −0.5° the reference gives no apparent value (refraction models are conventions there):
            // the sun must be below the horizon and lifted by less than NOAA's horizon value.
            #expect(apparent < 0)
            #expect(apparent >= c.trueElevationDeg - Self.toleranceDegrees)
            #expect(apparent <= c.trueElevationDeg + 0.6)
        }
    }

    @Test(arguments: try load().cases)
    func trueElevationAgrees(_ c: Case) throws {
        let geometric = SolarPosition.trueElevationDegrees(
            latitudeE6: c.latitudeE6, longitudeE6: c.longitudeE6, unixTime: c.unixTime)
        #expect(abs(geometric - c.trueElevationDeg) <= Self.toleranceDegrees)
    }
}
