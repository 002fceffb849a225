/// Why a pair of EECS codes was rejected. A struct with a stable `code` (so new reasons can be added without
/// breaking callers that switch on existing ones) and a one-line human `message` that names the offending value.
/// Map it to an HTTP problem or a JSON-RPC error at the edge, by `code`.
public struct CodeListError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable machine-readable reason.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable text of the code, e.g. `unknown_technology`.
        public let rawValue: String

        /// The energy source is not `F` followed by 8 digits.
        public static let malformedEnergySource = Code(rawValue: "malformed_energy_source")
        /// The technology is not `T` followed by 6 digits.
        public static let malformedTechnology = Code(rawValue: "malformed_technology")
        /// Well-formed, but not in this code list version.
        public static let unknownEnergySource = Code(rawValue: "unknown_energy_source")
        /// Well-formed, but not in this code list version.
        public static let unknownTechnology = Code(rawValue: "unknown_technology")
        /// Both exist, but the technology belongs to another energy source.
        public static let technologyNotOfEnergySource = Code(rawValue: "technology_not_of_energy_source")

        public var description: String { rawValue }
    }

    /// Stable machine-readable reason.
    public let code: Code
    /// One line, names the offending code and the code list version.
    public let message: String

    public var description: String { message }

    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}
