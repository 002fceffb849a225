/// Why a consumption CSV was rejected. Like `CodeListError`: a struct with a stable `code` (new reasons can be
/// added without breaking callers that switch on existing ones), the 1-based `line` it refers to, and a one-line
/// human `message` that starts with `line N:` and names what is wrong, so a user can fix the file without
/// guessing. Map it to an HTTP problem or a CLI exit at the edge, by `code`.
public struct MatchingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable machine-readable reason.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable text of the code, e.g. `gap`.
        public let rawValue: String

        /// No input at all, or a header without any row: there is nothing to match.
        public static let empty = Code(rawValue: "empty")
        /// The first line is not exactly `hour_start,consumption_wh`.
        public static let missingHeader = Code(rawValue: "missing_header")
        /// A row that is not two comma-separated fields (also a blank line or stray whitespace).
        public static let malformedRow = Code(rawValue: "malformed_row")
        /// `hour_start` is not a valid `YYYY-MM-DDTHH:MM:SSZ` instant.
        public static let badTimestamp = Code(rawValue: "bad_timestamp")
        /// A valid instant whose minutes or seconds are not 00.
        public static let notOnTheHour = Code(rawValue: "not_on_the_hour")
        /// `consumption_wh` is a negative number.
        public static let negative = Code(rawValue: "negative")
        /// `consumption_wh` is not a whole number of Wh (decimal point, exponent, sign, letters, empty).
        public static let notAnInteger = Code(rawValue: "not_an_integer")
        /// `consumption_wh` exceeds 2^53 Wh, the largest integer every JSON reader keeps exactly.
        public static let tooLarge = Code(rawValue: "too_large")
        /// An hour is missing between two rows; the message names the first missing hour.
        public static let gap = Code(rawValue: "gap")
        /// The same hour appears twice.
        public static let repeatedHour = Code(rawValue: "repeated_hour")
        /// An hour earlier than the row before it.
        public static let backwards = Code(rawValue: "backwards")

        public var description: String { rawValue }
    }

    /// Stable machine-readable reason.
    public let code: Code
    /// The 1-based line of the input the error refers to (the header is line 1).
    public let line: Int
    /// One line, starts with `line N:`, names the offending value.
    public let message: String

    public var description: String { message }

    init(_ code: Code, line: Int, _ detail: String) {
        self.code = code
        self.line = line
        self.message = "line \(line): \(detail)"
    }

    /// Input text for a message: quoted, at most 40 characters, anything but printable ASCII escaped, so a
    /// hostile value cannot break the one-line message and an invisible culprit (a byte-order mark, a
    /// non-breaking space) shows up as `\u{FEFF}`, `\u{A0}`.
    static func quoted(_ text: String) -> String {
        let escaped = text.prefix(40).unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "\"" + escaped + (text.count > 40 ? "…" : "") + "\""
    }
}
