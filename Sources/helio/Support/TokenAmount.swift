/// Token amounts for people: base units (a decimal integer string, as the API gives them) shown with the
/// asset's decimals, exactly — string arithmetic, no floating point. `1500000000000000000` with 18
/// decimals is `1.5`.
enum TokenAmount {
    static func format(_ baseUnits: String, decimals: Int = 18) -> String {
        guard decimals > 0, !baseUnits.isEmpty, baseUnits.allSatisfy(\.isASCII), baseUnits.allSatisfy(\.isNumber)
        else { return baseUnits }
        let padded = String(repeating: "0", count: max(0, decimals + 1 - baseUnits.count)) + baseUnits
        let whole = padded.dropLast(decimals)
        var fraction = padded.suffix(decimals)
        while fraction.last == "0" { fraction = fraction.dropLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }
}
