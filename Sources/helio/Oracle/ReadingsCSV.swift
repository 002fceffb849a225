import Foundation
import HelioLedger

/// Meter readings as an oracle's CSV file holds them:
///
///     meter,period_start,period_end,energy_wh[,cumulative_wh]
///     571313104402023456,2026-06-21T10:00:00Z,2026-06-21T10:15:00Z,1234,987654
///
/// Times are unix seconds or ISO 8601 UTC; energy and register are whole Wh; an empty `cumulative_wh`
/// means none. Blank lines are skipped. Every other line must parse: the first bad one is reported with
/// its line number and nothing is signed.
enum ReadingsCSV {
    static let columns = ["meter", "period_start", "period_end", "energy_wh"]
    static let optionalColumn = "cumulative_wh"

    /// The readings of `text`, in file order; `name` is used in messages.
    static func parse(_ text: String, name: String) throws -> [MeterReading] {
        var readings: [MeterReading] = []
        var header: [String]? = nil
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: Self.blanks)
            }
            func bad(_ why: String) -> CLIError { CLIError("\(name) line \(i + 1): \(why)") }
            guard let columns = header else {
                guard fields == Self.columns || fields == Self.columns + [Self.optionalColumn] else {
                    throw bad(
                        "the header must be \(Self.columns.joined(separator: ","))[,\(Self.optionalColumn)], "
                            + "got \(String(line).debugDescription)")
                }
                header = fields
                continue
            }
            guard fields.count == columns.count else {
                throw bad("expected \(columns.count) fields, got \(fields.count)")
            }
            do { readings.append(try reading(fields)) } catch let error as CLIError { throw bad(error.message) }
        }
        guard header != nil else { throw CLIError("\(name) is empty: no header line") }
        guard !readings.isEmpty else { throw CLIError("\(name) holds no readings") }
        return readings
    }

    /// One data line's fields (already split and trimmed).
    static func reading(_ f: [String]) throws -> MeterReading {
        guard DeviceRegistration.isIdentifier(f[0]) else {
            throw CLIError("meter \(f[0].debugDescription) is not an identifier (1–64 of A–Z a–z 0–9 . _ : -)")
        }
        guard let start = UnixTime.parse(f[1]) else {
            throw CLIError("period_start \(f[1].debugDescription) \(timeForms)")
        }
        guard let end = UnixTime.parse(f[2]) else { throw CLIError("period_end \(f[2].debugDescription) \(timeForms)") }
        guard end > start else { throw CLIError("period_end must be after period_start") }
        guard let energy = UInt64(f[3]), energy <= MeterReading.maxEnergyWh else {
            throw CLIError("energy_wh \(f[3].debugDescription) is not a whole number of Wh (0…2^53)")
        }
        var cumulative: Int64? = nil
        if f.count == 5, !f[4].isEmpty {
            guard let c = Int64(f[4]), c >= 0 else {
                throw CLIError("cumulative_wh \(f[4].debugDescription) is not a whole number of Wh")
            }
            cumulative = c
        }
        return MeterReading(meter: f[0], periodStart: start, periodEnd: end, energyWh: energy, cumulativeWh: cumulative)
    }

    private static let blanks = CharacterSet(charactersIn: " \t")
    private static let timeForms = "is neither unix seconds nor an ISO 8601 UTC time (2026-06-21T10:00:00Z)"
}
