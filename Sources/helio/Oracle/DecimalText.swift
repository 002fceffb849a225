/// Decimal numbers typed on the command line (`55.676098`, `-0.5`, `0.3`) read as exact integers in a
/// fixed unit: degrees as microdegrees, fractions as per-mille. No Double: the text is the value.
enum DecimalText {
    /// `text` × 10^`decimals` as an integer, or nil when it is not a plain decimal (optional sign, digits,
    /// optional point and at most `decimals` fraction digits) or does not fit.
    static func scaled(_ text: String, decimals: Int) -> Int64? {
        var b = Array(text.utf8)[...]
        var negative = false
        if let first = b.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            b = b.dropFirst()
        }
        let parts = b.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : []
        guard parts.count == 1 || !fraction.isEmpty, fraction.count <= decimals else { return nil }
        var value: Int64 = 0
        for c in whole {
            guard (48...57).contains(c) else { return nil }
            value = value * 10 + Int64(c - 48)
        }
        var digits = 0
        for c in fraction {
            guard (48...57).contains(c) else { return nil }
            value = value * 10 + Int64(c - 48)
            digits += 1
        }
        for _ in digits..<decimals { value *= 10 }
        return negative ? -value : value
    }

    /// Degrees as microdegrees, within ±`limit` degrees.
    static func microdegrees(_ text: String, limit: Int64) -> Int64? {
        guard let v = scaled(text, decimals: 6), abs(v) <= limit * 1_000_000 else { return nil }
        return v
    }
}
