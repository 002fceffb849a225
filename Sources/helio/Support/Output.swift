import Foundation

/// Prints either human text or one JSON object, as `--json` asks.
enum Output {
    /// Prints `object` as pretty, key-sorted JSON on stdout.
    static func json(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static func json(_ array: [[String: Any]]) throws {
        let data = try JSONSerialization.data(
            withJSONObject: array, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Writes to stderr (progress and warnings never mix with data on stdout).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
