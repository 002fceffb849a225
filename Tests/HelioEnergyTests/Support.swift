import Foundation

/// Paths into the repository, found from this file's `#filePath` (Tests/HelioEnergyTests/Support.swift): the
/// data files here are read in place, not as bundle resources.
enum RepoPath {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = testsFolder.deletingLastPathComponent().deletingLastPathComponent()

    static func vector(_ name: String) -> URL { testsFolder.appendingPathComponent("Vectors/\(name)") }
    static let codeLists = root.appendingPathComponent("Schemas/code-lists")
}

/// Unix seconds of a UTC calendar instant (proleptic Gregorian), without Foundation's calendars.
func utc(_ year: Int64, _ month: Int64, _ day: Int64, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
    // Days since 1970-01-01 by counting from March, so the leap day is the last day of the counted year.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return days * 86_400 + hour * 3600 + minute * 60
}

/// Places used by several tests, in microdegrees (north and east positive).
enum Place {
    static let copenhagen = (lat: Int64(55_676_098), lon: Int64(12_568_337))
    static let longyearbyen = (lat: Int64(78_223_172), lon: Int64(15_626_723))
    static let madrid = (lat: Int64(40_416_775), lon: Int64(-3_703_790))
    static let denver = (lat: Int64(39_739_236), lon: Int64(-104_990_251))
    static let sydney = (lat: Int64(-33_868_820), lon: Int64(151_209_296))
    static let nullIsland = (lat: Int64(0), lon: Int64(0))
}
