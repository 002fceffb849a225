import Foundation
import HelioEnergy
import Testing

/// 2026-06-01T10:00:00Z (checked with `date -u -d @1780308000`).
private let ten: Int64 = 1_780_308_000

/// SplitMix64: a tiny seeded generator, so a failing property case can be replayed from its seed.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func parseError(_ text: String) -> MatchingError? {
    do {
        _ = try ConsumptionCSV.parse(text)
        return nil
    } catch {
        return error
    }
}

struct ConsumptionCSVTests {
    @Test func parsesLFAndCRLFWithOrWithoutATrailingLineEnd() throws {
        let expected = [
            HourlyConsumption(hourStart: ten, consumptionWh: 1234),
            HourlyConsumption(hourStart: ten + 3600, consumptionWh: 0),
            HourlyConsumption(hourStart: ten + 7200, consumptionWh: 9_007_199_254_740_992),
        ]
        let rows = ["2026-06-01T10:00:00Z,1234", "2026-06-01T11:00:00Z,0", "2026-06-01T12:00:00Z,9007199254740992"]
        for end in ["\n", "\r\n"] {
            let body = ([ConsumptionCSV.header] + rows).joined(separator: end)
            #expect(try ConsumptionCSV.parse(body) == expected)
            #expect(try ConsumptionCSV.parse(body + end) == expected)
        }
        #expect(
            try ConsumptionCSV.parse("hour_start,consumption_wh\n2026-06-01T10:00:00Z,007") == [
                HourlyConsumption(hourStart: ten, consumptionWh: 7)
            ])
        // Across a day, month and year end.
        let newYear = try ConsumptionCSV.parse(
            "hour_start,consumption_wh\n2026-12-31T23:00:00Z,1\n2027-01-01T00:00:00Z,2\n")
        #expect(newYear.map(\.hourStart) == [1_798_758_000, 1_798_761_600])
    }

    static let header = "hour_start,consumption_wh\n"

    /// Each bad input with its code and its exact message.
    static let badCases: [(String, MatchingError.Code, String)] = [
        (
            header + "2026-06-01T10:00:00Z,1\n2026-06-01T11:00:00Z,1\n2026-06-01T12:00:00Z,1\n2026-06-01T14:00:00Z,1\n",
            .gap, "line 5: gap: expected 2026-06-01T13:00:00Z, got 2026-06-01T14:00:00Z"
        ),
        (
            header + "2026-06-01T10:00:00Z,1\n2026-06-01T10:00:00Z,2\n", .repeatedHour,
            "line 3: repeated hour 2026-06-01T10:00:00Z: already on line 2"
        ),
        (
            header + "2026-06-01T10:00:00Z,1\n2026-06-01T11:00:00Z,1\n2026-06-01T09:00:00Z,1\n", .backwards,
            "line 4: going backwards: 2026-06-01T09:00:00Z after 2026-06-01T11:00:00Z"
        ),
        (
            header + "2026-06-01 10:00:00Z,1\n", .badTimestamp,
            "line 2: bad timestamp \"2026-06-01 10:00:00Z\": expected UTC YYYY-MM-DDTHH:00:00Z"
        ),
        (
            header + "2026-02-29T10:00:00Z,1\n", .badTimestamp,
            "line 2: bad timestamp \"2026-02-29T10:00:00Z\": expected UTC YYYY-MM-DDTHH:00:00Z"
        ),
        (
            header + "2026-06-01T10:00:00+01:00,1\n", .badTimestamp,
            "line 2: bad timestamp \"2026-06-01T10:00:00+01:00\": expected UTC YYYY-MM-DDTHH:00:00Z"
        ),
        (
            header + "2026-06-01T10:30:00Z,1\n", .notOnTheHour,
            "line 2: 2026-06-01T10:30:00Z is not on the hour: minutes and seconds must be 00"
        ),
        (
            header + "2026-06-01T10:00:00Z,1\n2026-06-01T11:00:05Z,1\n", .notOnTheHour,
            "line 3: 2026-06-01T11:00:05Z is not on the hour: minutes and seconds must be 00"
        ),
        (header + "2026-06-01T10:00:00Z,-5\n", .negative, "line 2: negative consumption -5 Wh: must be 0 or more"),
        (
            header + "2026-06-01T10:00:00Z,12.5\n", .notAnInteger,
            "line 2: consumption \"12.5\" is not a whole number of Wh (digits only)"
        ),
        (
            header + "2026-06-01T10:00:00Z,1e3\n", .notAnInteger,
            "line 2: consumption \"1e3\" is not a whole number of Wh (digits only)"
        ),
        (
            header + "2026-06-01T10:00:00Z,\n", .notAnInteger,
            "line 2: consumption \"\" is not a whole number of Wh (digits only)"
        ),
        (
            header + "2026-06-01T10:00:00Z, 12\n", .notAnInteger,
            "line 2: consumption \" 12\" is not a whole number of Wh (digits only)"
        ),
        (
            header + "2026-06-01T10:00:00Z,+12\n", .notAnInteger,
            "line 2: consumption \"+12\" is not a whole number of Wh (digits only)"
        ),
        (
            header + "2026-06-01T10:00:00Z,9007199254740993\n", .tooLarge,
            "line 2: consumption 9007199254740993 Wh exceeds 2^53 = 9007199254740992 Wh"
        ),
        (
            header + "2026-06-01T10:00:00Z,99999999999999999999999\n", .tooLarge,
            "line 2: consumption 99999999999999999999999 Wh exceeds 2^53 = 9007199254740992 Wh"
        ),
        (
            "2026-06-01T10:00:00Z,1\n", .missingHeader,
            "line 1: missing header: expected hour_start,consumption_wh, got \"2026-06-01T10:00:00Z,1\""
        ),
        (
            "hour_start, consumption_wh\n2026-06-01T10:00:00Z,1\n", .missingHeader,
            "line 1: missing header: expected hour_start,consumption_wh, got \"hour_start, consumption_wh\""
        ),
        (
            "\u{FEFF}hour_start,consumption_wh\n2026-06-01T10:00:00Z,1\n", .missingHeader,
            "line 1: missing header: expected hour_start,consumption_wh, got \"\\u{FEFF}hour_start,consumption_wh\""
        ),
        ("", .empty, "line 1: empty input: expected the header hour_start,consumption_wh and at least one row"),
        ("\n", .empty, "line 1: empty input: expected the header hour_start,consumption_wh and at least one row"),
        (header, .empty, "line 2: no rows: expected at least one hour after the header"),
        ("hour_start,consumption_wh", .empty, "line 2: no rows: expected at least one hour after the header"),
        (
            header + "2026-06-01T10:00:00Z,1,2\n", .malformedRow,
            "line 2: expected 2 fields hour_start,consumption_wh, got 3: \"2026-06-01T10:00:00Z,1,2\""
        ),
        (
            header + "2026-06-01T10:00:00Z,1\n\n", .malformedRow,
            "line 3: expected 2 fields hour_start,consumption_wh, got 1: \"\""
        ),
        (
            header + "2026-06-01T10:00:00Z\t1\n", .malformedRow,
            "line 2: expected 2 fields hour_start,consumption_wh, got 1: \"2026-06-01T10:00:00Z\\t1\""
        ),
    ]

    @Test(arguments: badCases.indices) func rejectsWithLineAndReason(index: Int) throws {
        let (text, code, message) = Self.badCases[index]
        let error = try #require(parseError(text), "\(message)")
        #expect(error.code == code)
        #expect(error.message == message)
        #expect(error.description == message)
        #expect(message.hasPrefix("line \(error.line): "))
    }

    @Test func codesAreStable() {
        let codes: [MatchingError.Code] = [
            .empty, .missingHeader, .malformedRow, .badTimestamp, .notOnTheHour, .negative, .notAnInteger, .tooLarge,
            .gap, .repeatedHour, .backwards,
        ]
        #expect(
            codes.map(\.description) == [
                "empty", "missing_header", "malformed_row", "bad_timestamp", "not_on_the_hour", "negative",
                "not_an_integer", "too_large", "gap", "repeated_hour", "backwards",
            ])
    }

    @Test func aHostileValueIsShortenedAndEscaped() throws {
        let hostile = "\u{7}\"" + String(repeating: "x", count: 100)
        let error = try #require(parseError(Self.header + hostile + ",1\n"))
        #expect(error.code == .badTimestamp)
        let shown = #"\u{07}\""# + String(repeating: "x", count: 38) + "…"
        #expect(error.message == "line 2: bad timestamp \"\(shown)\": expected UTC YYYY-MM-DDTHH:00:00Z")
        #expect(!error.message.contains("\u{7}"))
    }
}

struct UTCTimestampTests {
    /// Each checked with `date -u -d @<seconds> +%Y-%m-%dT%H:%M:%SZ` (GNU date writes year −1 as `-001`).
    static let known: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (1_780_308_000, "2026-06-01T10:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (1_709_164_800, "2024-02-29T00:00:00Z"),
        (4_107_456_000, "2100-02-28T00:00:00Z"),
        (4_107_542_400, "2100-03-01T00:00:00Z"),
        (-2_208_988_800, "1900-01-01T00:00:00Z"),
        (1_798_761_600, "2027-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (-62_167_219_200, "0000-01-01T00:00:00Z"),
    ]

    @Test func knownValues() {
        for (seconds, text) in Self.known {
            #expect(UTCTimestamp.format(seconds) == text)
            #expect(UTCTimestamp.parse(text) == seconds, "\(text)")
        }
        #expect(UTCTimestamp.format(-62_167_219_201) == "-0001-12-31T23:59:59Z")
        #expect(UTCTimestamp.format(253_402_300_800) == "+10000-01-01T00:00:00Z")
        // The extremes do not trap.
        #expect(UTCTimestamp.format(.min).hasPrefix("-"))
        #expect(UTCTimestamp.format(.max).hasPrefix("+"))
    }

    @Test func roundTripsEveryHourOfTwoYearsAroundALeapDay() throws {
        var previous = ""
        var leapDayHours = 0
        for seconds in stride(from: utc(2023, 6, 1), to: utc(2025, 6, 1), by: 3600) {
            let text = UTCTimestamp.format(seconds)
            #expect(UTCTimestamp.parse(text) == seconds)
            #expect(text > previous)  // fixed width: text order is time order
            if text.hasPrefix("2024-02-29T") { leapDayHours += 1 }
            previous = text
        }
        #expect(leapDayHours == 24)
    }

    @Test func roundTripsAcrossCenturiesAndMatchesAnIndependentCount() {
        // Every 97 hours (so every hour of the day is visited) from 1600 to 2500: leap years 1600, 2000, 2400
        // and the non-leap 1700, 1800, 1900, 2100, 2200, 2300.
        for seconds in stride(from: utc(1600, 1, 1), to: utc(2500, 1, 1), by: 97 * 3600) {
            #expect(UTCTimestamp.parse(UTCTimestamp.format(seconds)) == seconds)
        }
        for year: Int64 in 1600...2500 {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let leapDay = "\(year)-02-29T00:00:00Z"
            #expect((UTCTimestamp.parse(leapDay) != nil) == leap, "\(leapDay)")
            let march = UTCTimestamp.parse("\(year)-03-01T00:00:00Z")
            #expect(march == utc(year, 3, 1))
            let days = (utc(year + 1, 1, 1) - utc(year, 1, 1)) / 86_400
            #expect(days == (leap ? 366 : 365))
            if leap { #expect(UTCTimestamp.format(march! - 86_400) == leapDay) }
        }
    }

    @Test(arguments: [
        "2026-06-01T10:00:00", "2026-06-01t10:00:00Z", "2026-06-01T10:00:00z", "2026-6-01T10:00:00Z",
        "2026-06-01T10:00:00.000Z", "12026-06-01T10:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
        "2026-06-00T00:00:00Z", "2026-06-31T00:00:00Z", "2026-06-01T24:00:00Z", "2026-06-01T10:60:00Z",
        "2026-06-01T23:59:60Z", "1900-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "+026-06-01T10:00:00Z",
        "2026-06-01T1a:00:00Z", "", "２026-06-01T10:00:00Z",
    ])
    func rejectsAnythingButTheOneForm(text: String) {
        #expect(UTCTimestamp.parse(text) == nil)
    }
}

struct HourlyMatchTests {
    static let consumption = [1000, 800, 0, 1200].enumerated().map { index, wh in
        HourlyConsumption(hourStart: ten + Int64(index) * 3600, consumptionWh: UInt64(wh))
    }
    static let supply = [
        CancelledSupply(lot: "A", hourStart: ten, energyWh: 600, gridArea: "DK1"),
        CancelledSupply(lot: "B", hourStart: ten, energyWh: 300, gridArea: "DK1"),
        CancelledSupply(lot: "C", hourStart: ten + 3600, energyWh: 1000, gridArea: "DK1"),
        CancelledSupply(lot: "D", hourStart: ten + 7200, energyWh: 50, gridArea: "DK1"),
        CancelledSupply(lot: "E", hourStart: ten + 10_800, energyWh: 400, gridArea: "DK2"),
        CancelledSupply(lot: "F", hourStart: ten + 10_800, energyWh: 350, gridArea: "DK1"),
        CancelledSupply(lot: "G", hourStart: ten - 3600, energyWh: 700, gridArea: "DK1"),
        CancelledSupply(lot: "H", hourStart: ten + 18_000, energyWh: 100, gridArea: "SE3"),
    ]

    @Test func matchesHourByHourWithinTheBiddingZone() {
        let report = HourlyMatch.match(consumption: Self.consumption, supply: Self.supply, biddingZone: "DK1")
        #expect(report.hours.map(\.supplyWh) == [900, 1000, 50, 350])
        #expect(report.hours.map(\.excludedWh) == [0, 0, 0, 400])
        #expect(report.hours.map(\.matchedWh) == [900, 800, 0, 350])
        #expect(report.hours.map(\.surplusWh) == [0, 200, 50, 0])
        #expect(report.hours.map(\.shareBasisPoints) == [9000, 10_000, nil, 2916])  // 350/1200 = 29.166… %
        #expect(report.hours.map(\.isFullyMatched) == [false, true, false, false])
        #expect(report.consumptionWh == 3000 && report.supplyWh == 2300 && report.matchedWh == 2050)
        #expect(report.surplusWh == 250 && report.excludedWh == 500 && report.unmatchedSupplyWh == 700)
        #expect(report.shareBasisPoints == 6833)  // 2050/3000 = 68.333… %
        #expect(report.hoursWithConsumption == 3 && report.hoursFullyMatched == 1)
        #expect(report.biddingZone == "DK1" && !report.saturated)
    }

    @Test func withoutABiddingZoneEveryGridAreaCounts() {
        let report = HourlyMatch.match(consumption: Self.consumption, supply: Self.supply)
        #expect(report.hours.map(\.supplyWh) == [900, 1000, 50, 750])
        #expect(report.hours.map(\.matchedWh) == [900, 800, 0, 750])
        #expect(report.hours.last?.shareBasisPoints == 6250)
        #expect(report.supplyWh == 2700 && report.matchedWh == 2450 && report.excludedWh == 0)
        #expect(report.unmatchedSupplyWh == 800)  // G and H lie outside the consumption hours
        #expect(report.shareBasisPoints == 8166)
    }

    @Test func surplusIsNotCarriedToTheNextHour() {
        let consumption = [
            HourlyConsumption(hourStart: ten, consumptionWh: 100),
            HourlyConsumption(hourStart: ten + 3600, consumptionWh: 100),
        ]
        let supply = [CancelledSupply(lot: "A", hourStart: ten, energyWh: 200, gridArea: "DK1")]
        let report = HourlyMatch.match(consumption: consumption, supply: supply)
        #expect(report.hours.map(\.matchedWh) == [100, 0])
        #expect(report.matchedWh == 100 && report.surplusWh == 100 && report.shareBasisPoints == 5000)
    }

    @Test func noConsumptionMeansNoShare() {
        let zero = [HourlyConsumption(hourStart: ten, consumptionWh: 0)]
        let supply = [CancelledSupply(lot: "A", hourStart: ten, energyWh: 5, gridArea: "DK1")]
        let report = HourlyMatch.match(consumption: zero, supply: supply)
        #expect(report.shareBasisPoints == nil && report.hours[0].shareBasisPoints == nil)
        #expect(report.hoursWithConsumption == 0 && report.hoursFullyMatched == 0 && report.surplusWh == 5)
        let empty = HourlyMatch.match(consumption: [], supply: supply)
        #expect(empty.hours.isEmpty && empty.shareBasisPoints == nil && empty.unmatchedSupplyWh == 5)
    }

    @Test func aRepeatedOrMisalignedHourDoesNotCountSupplyTwice() {
        let twice = [
            HourlyConsumption(hourStart: ten, consumptionWh: 100),
            HourlyConsumption(hourStart: ten, consumptionWh: 100),
        ]
        let supply = [
            CancelledSupply(lot: "A", hourStart: ten, energyWh: 150, gridArea: "DK1"),
            CancelledSupply(lot: "B", hourStart: ten + 1800, energyWh: 10, gridArea: "DK1"),
        ]
        let report = HourlyMatch.match(consumption: twice, supply: supply)
        #expect(report.hours.map(\.supplyWh) == [150, 0])
        #expect(report.matchedWh == 100 && report.supplyWh == 150 && report.unmatchedSupplyWh == 10)
    }

    @Test func hugeSumsSaturateInsteadOfTrapping() {
        let consumption = [HourlyConsumption(hourStart: ten, consumptionWh: .max)]
        let supply = [
            CancelledSupply(lot: "A", hourStart: ten, energyWh: .max, gridArea: "DK1"),
            CancelledSupply(lot: "B", hourStart: ten, energyWh: .max, gridArea: "DK1"),
        ]
        let report = HourlyMatch.match(consumption: consumption, supply: supply)
        #expect(report.saturated && report.supplyWh == .max && report.matchedWh == .max)
        #expect(report.shareBasisPoints == 10_000)
    }

    @Test func basisPointsRoundDownAndPercentTextHasTwoDecimals() {
        #expect(MatchReport.basisPoints(7, of: 8) == 8750)
        #expect(MatchReport.basisPoints(1, of: 3) == 3333)
        #expect(MatchReport.basisPoints(2, of: 3) == 6666)
        #expect(MatchReport.basisPoints(.max - 1, of: .max) == 9999)
        #expect(MatchReport.basisPoints(5, of: 0) == nil)
        #expect(MatchReport.basisPoints(9, of: 4) == 10_000)
        #expect(
            [8750, 10_000, 5, 0, 60, 1234].map { MatchReport.percentText(basisPoints: $0) } == [
                "87.50", "100.00", "0.05", "0.00", "0.60", "12.34",
            ])
    }
}

struct MatchReportRenderingTests {
    let report = HourlyMatch.match(
        consumption: HourlyMatchTests.consumption, supply: HourlyMatchTests.supply, biddingZone: "DK1")

    @Test func csvHasOneRowPerHour() {
        #expect(
            report.csv() == """
                hour_start,consumption_wh,supply_wh,matched_wh,share_percent
                2026-06-01T10:00:00Z,1000,900,900,90.00
                2026-06-01T11:00:00Z,800,1000,800,100.00
                2026-06-01T12:00:00Z,0,50,0,
                2026-06-01T13:00:00Z,1200,350,350,29.16

                """)
    }

    @Test func tableIsAlignedWithATotalLine() {
        #expect(
            report.table() == """
                hour_start            consumption_wh  supply_wh  matched_wh  surplus_wh     share
                2026-06-01T10:00:00Z            1000        900         900           0   90.00 %
                2026-06-01T11:00:00Z             800       1000         800         200  100.00 %
                2026-06-01T12:00:00Z               0         50           0          50         -
                2026-06-01T13:00:00Z            1200        350         350           0   29.16 %
                total                           3000       2300        2050         250   68.33 %
                hours fully matched: 1 of 3 with consumption
                supply from grid areas other than DK1, excluded: 500 Wh
                supply outside the consumption hours, not matched: 700 Wh

                """)
    }

    @Test func jsonHasCamelCaseKeysAndOverall() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(report.json()), as: UTF8.self)
        let expected = [
            #"{"biddingZone":"DK1","hours":[{"consumptionWh":1000,"excludedWh":0,"hourStart":"2026-06-01T10:00:00Z","matchedWh":900,"shareBasisPoints":9000,"sharePercent":"90.00","supplyWh":900,"surplusWh":0},"#,
            #"{"consumptionWh":800,"excludedWh":0,"hourStart":"2026-06-01T11:00:00Z","matchedWh":800,"shareBasisPoints":10000,"sharePercent":"100.00","supplyWh":1000,"surplusWh":200},"#,
            #"{"consumptionWh":0,"excludedWh":0,"hourStart":"2026-06-01T12:00:00Z","matchedWh":0,"supplyWh":50,"surplusWh":50},"#,
            #"{"consumptionWh":1200,"excludedWh":400,"hourStart":"2026-06-01T13:00:00Z","matchedWh":350,"shareBasisPoints":2916,"sharePercent":"29.16","supplyWh":350,"surplusWh":0}]"#,
            #","overall":{"consumptionWh":3000,"excludedWh":500,"hours":4,"hoursFullyMatched":1,"hoursWithConsumption":3,"matchedWh":2050,"saturated":false,"shareBasisPoints":6833,"sharePercent":"68.33","supplyWh":2300,"surplusWh":250,"unmatchedSupplyWh":700}}"#,
        ].joined()
        #expect(text == expected)
        let decoded = try JSONDecoder().decode(MatchReportJSON.self, from: Data(text.utf8))
        #expect(decoded == report.json())
    }
}

struct HourlyMatchPropertyTests {
    /// Random consumption and supply (several zones, hours inside and outside the consumption, some zero):
    /// per hour matched = min(consumption, supply) ≤ both, surplus = supply − matched; overall share ≤ 10000;
    /// every Wh of supply is counted, excluded or unmatched; and the consumption survives a CSV round trip.
    @Test(arguments: [1, 2, 3, 0x5EED, 0xC0FFEE] as [UInt64])
    func invariantsHold(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        for _ in 0..<200 {
            let start = ten + Int64.random(in: -1000...1000, using: &random) * 3600
            let count = Int.random(in: 1...48, using: &random)
            let consumption = (0..<count).map { index in
                HourlyConsumption(
                    hourStart: start + Int64(index) * 3600,
                    consumptionWh: Bool.random(using: &random) ? 0 : UInt64.random(in: 0...5000, using: &random))
            }
            let supply = (0..<Int.random(in: 0...80, using: &random)).map { index in
                CancelledSupply(
                    lot: "L\(index)", hourStart: start + Int64.random(in: -4...Int64(count + 4), using: &random) * 3600,
                    energyWh: UInt64.random(in: 0...6000, using: &random),
                    gridArea: ["DK1", "DK2", "SE4"].randomElement(using: &random)!)
            }
            let zone = Bool.random(using: &random) ? nil : "DK1"
            let report = HourlyMatch.match(consumption: consumption, supply: supply, biddingZone: zone)

            #expect(report.hours.count == count && !report.saturated)
            for hour in report.hours {
                #expect(hour.matchedWh <= hour.consumptionWh && hour.matchedWh <= hour.supplyWh)
                #expect(hour.matchedWh == min(hour.consumptionWh, hour.supplyWh))
                #expect(hour.surplusWh == hour.supplyWh - hour.matchedWh)
                #expect((hour.shareBasisPoints ?? 0) <= 10_000)
            }
            #expect(report.matchedWh <= report.consumptionWh && report.matchedWh <= report.supplyWh)
            #expect((report.shareBasisPoints ?? 0) <= 10_000)
            #expect(report.matchedWh == report.hours.reduce(0) { $0 + $1.matchedWh })
            let given = supply.reduce(UInt64(0)) { $0 + $1.energyWh }
            #expect(given == report.supplyWh + report.excludedWh + report.unmatchedSupplyWh)
            #expect(report.hours.reduce(0) { $0 + $1.excludedWh } <= report.excludedWh)
            if zone == nil { #expect(report.excludedWh == 0) }

            let csv =
                ConsumptionCSV.header + "\n"
                + consumption.map { "\(UTCTimestamp.format($0.hourStart)),\($0.consumptionWh)\n" }.joined()
            #expect(try ConsumptionCSV.parse(csv) == consumption)
        }
    }
}
