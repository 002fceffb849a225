/// An exact unsigned 256-bit integer: ERC20 amounts and supplies.
///
/// Fixed width (four 64-bit limbs, no heap) because every transfer touches several of them. Arithmetic
/// never wraps and never traps: `adding`, `subtracting` and `multiplied` return nil on overflow or
/// underflow, and the ledger turns that nil into a typed error. Encoded in JSON as a decimal string,
/// since JSON numbers lose precision beyond 2^53.
public struct UInt256: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Limbs, least significant first.
    public let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    public static let zero = UInt256(0)
    /// 2^256 − 1: the "infinite" ERC20 allowance, never decreased by transferFrom.
    public static let max = UInt256(w0: .max, w1: .max, w2: .max, w3: .max)

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }

    public init(_ value: UInt64) { self.init(w0: value, w1: 0, w2: 0, w3: 0) }
    public init(integerLiteral value: UInt64) { self.init(value) }

    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    // MARK: Arithmetic (checked)

    /// self + other, or nil on overflow.
    public func adding(_ o: UInt256) -> UInt256? {
        let (a, c0) = w0.addingReportingOverflow(o.w0)
        let (b1, c1a) = w1.addingReportingOverflow(o.w1)
        let (b, c1b) = b1.addingReportingOverflow(c0 ? 1 : 0)
        let (d1, c2a) = w2.addingReportingOverflow(o.w2)
        let (d, c2b) = d1.addingReportingOverflow(c1a || c1b ? 1 : 0)
        let (e1, c3a) = w3.addingReportingOverflow(o.w3)
        let (e, c3b) = e1.addingReportingOverflow(c2a || c2b ? 1 : 0)
        return c3a || c3b ? nil : UInt256(w0: a, w1: b, w2: d, w3: e)
    }

    /// self − other, or nil when other > self.
    public func subtracting(_ o: UInt256) -> UInt256? {
        let (a, b0) = w0.subtractingReportingOverflow(o.w0)
        let (b1, b1a) = w1.subtractingReportingOverflow(o.w1)
        let (b, b1b) = b1.subtractingReportingOverflow(b0 ? 1 : 0)
        let (d1, b2a) = w2.subtractingReportingOverflow(o.w2)
        let (d, b2b) = d1.subtractingReportingOverflow(b1a || b1b ? 1 : 0)
        let (e1, b3a) = w3.subtractingReportingOverflow(o.w3)
        let (e, b3b) = e1.subtractingReportingOverflow(b2a || b2b ? 1 : 0)
        return b3a || b3b ? nil : UInt256(w0: a, w1: b, w2: d, w3: e)
    }

    /// self × m, or nil on overflow.
    public func multiplied(by m: UInt64) -> UInt256? {
        var out: [UInt64] = [0, 0, 0, 0]
        var carry: UInt64 = 0
        for (i, limb) in [w0, w1, w2, w3].enumerated() {
            let (hi, lo) = limb.multipliedFullWidth(by: m)
            let (sum, c) = lo.addingReportingOverflow(carry)
            out[i] = sum
            carry = hi &+ (c ? 1 : 0)
        }
        return carry != 0 ? nil : UInt256(w0: out[0], w1: out[1], w2: out[2], w3: out[3])
    }

    /// (self / d, self % d) for a non-zero 64-bit divisor.
    public func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(d != 0, "division by zero")
        var r: UInt64 = 0
        var q: [UInt64] = [0, 0, 0, 0]
        for (i, limb) in [w3, w2, w1, w0].enumerated() {
            (q[3 - i], r) = d.dividingFullWidth((r, limb))
        }
        return (UInt256(w0: q[0], w1: q[1], w2: q[2], w3: q[3]), r)
    }

    public static func < (a: UInt256, b: UInt256) -> Bool {
        if a.w3 != b.w3 { return a.w3 < b.w3 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        return a.w0 < b.w0
    }
}
