extension CodeList {
    /// Checks that `energySource` and `technology` are well-formed codes, exist in this list and belong
    /// together (the technology's `energySource` equals the given source). Checks run in that order and the
    /// first failure is thrown, so the error names the most basic problem.
    ///
    /// - Throws: `CodeListError` with code `.malformedEnergySource`, `.malformedTechnology`,
    ///   `.unknownEnergySource`, `.unknownTechnology` or `.technologyNotOfEnergySource`, and a one-line message.
    public func validate(energySource: String, technology: String) throws(CodeListError) {
        guard Self.isEnergySourceCode(energySource) else {
            throw CodeListError(
                code: .malformedEnergySource,
                message: "malformed energy source code \(Self.quoted(energySource)): expected F followed by 8 digits")
        }
        guard Self.isTechnologyCode(technology) else {
            throw CodeListError(
                code: .malformedTechnology,
                message: "malformed technology code \(Self.quoted(technology)): expected T followed by 6 digits")
        }
        guard let source = self.energySource(energySource) else {
            throw CodeListError(
                code: .unknownEnergySource,
                message: "unknown energy source code \(energySource) in code list \(version)")
        }
        guard let tech = self.technology(technology) else {
            throw CodeListError(
                code: .unknownTechnology, message: "unknown technology code \(technology) in code list \(version)")
        }
        guard tech.energySource == source.code else {
            throw CodeListError(
                code: .technologyNotOfEnergySource,
                message: "technology \(tech.code) (\(tech.label)) belongs to energy source \(tech.energySource), "
                    + "not \(source.code) (\(source.label)), in code list \(version)")
        }
    }

    /// `F` followed by exactly 8 ASCII digits.
    static func isEnergySourceCode(_ code: String) -> Bool {
        isCode(code, prefix: UInt8(ascii: "F"), digits: 8)
    }

    /// `T` followed by exactly 6 ASCII digits.
    static func isTechnologyCode(_ code: String) -> Bool {
        isCode(code, prefix: UInt8(ascii: "T"), digits: 6)
    }

    private static func isCode(_ code: String, prefix: UInt8, digits: Int) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == digits + 1, bytes[0] == prefix else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The input for an error message: quoted, at most 40 characters, control characters escaped, so a hostile
    /// value cannot break the one-line message.
    private static func quoted(_ text: String) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\"" + shown.unicodeScalars.map { $0.escaped(asASCII: false) }.joined() + "\""
    }
}
