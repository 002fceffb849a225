import Foundation

/// Small, dependency-free SVG charts for the demo's HTML report: stacked columns (a time series) and
/// stacked rows (one bar per item). Each returns one `<svg>` element with a `viewBox` and `width="100%"`,
/// so it scales to a phone's width; colours, fonts and sizes are inline, no script, no external reference.
/// Values are `Double` because they are only drawn (the numbers shown beside them are exact integers).
enum SVGChart {
    struct Series {
        let name: String
        let color: String
        let values: [Double]
    }

    struct Row {
        let label: String
        /// One value per segment, stacked left to right; `note` is printed after the bar.
        let values: [Double]
        let note: String
    }

    static let font = "font-family=\"system-ui,-apple-system,Segoe UI,Roboto,sans-serif\""

    /// Columns over `labels` (one per value), each the stack of every series' value; an x label every
    /// `labelEvery` columns, a y axis in `unit`.
    static func stackedColumns(
        title: String, unit: String, labels: [String], labelEvery: Int, series: [Series], height: Double = 260
    ) -> String {
        let width = 720.0
        let (left, right, top, bottom) = (58.0, 10.0, 30.0, 34.0)
        let count = max(1, labels.count)
        let totals = (0..<count).map { i in series.reduce(0.0) { $0 + (i < $1.values.count ? $1.values[i] : 0) } }
        let axis = niceAxis(totals.max() ?? 0)
        let plotW = width - left - right
        let plotH = height - top - bottom
        let step = plotW / Double(count)
        let barW = max(0.6, step * (count > 60 ? 0.92 : 0.75))
        var out = open(width: width, height: height, title: title)
        out += legend(series.map { ($0.name, $0.color) }, x: left, y: 14)
        out += yAxis(axis, unit: unit, left: left, top: top, plotW: plotW, plotH: plotH)
        for i in 0..<count {
            var y = top + plotH
            let x = left + Double(i) * step + (step - barW) / 2
            for s in series where i < s.values.count && s.values[i] > 0 {
                let h = s.values[i] / axis.max * plotH
                y -= h
                out += rect(
                    x: x, y: y, w: barW, h: h, fill: s.color,
                    tip: "\(labels[i]) \(s.name): \(format(s.values[i])) \(unit)")
            }
            if labelEvery > 0 && i % labelEvery == 0 {
                out += text(labels[i], x: left + Double(i) * step + step / 2, y: top + plotH + 14, anchor: "middle")
            }
        }
        return out + "</svg>\n"
    }

    /// One horizontal bar per row, its segments stacked in `colors` order, the row's note at its end.
    static func stackedRows(
        title: String, unit: String, rows: [Row], segments: [(name: String, color: String)]
    )
        -> String
    {
        let width = 720.0
        let (left, right, top, rowH) = (190.0, 120.0, segments.count > 1 ? 30.0 : 10.0, 22.0)
        let height = top + Double(rows.count) * rowH + 24
        let plotW = width - left - right
        let axis = niceAxis(rows.map { $0.values.reduce(0, +) }.max() ?? 0)
        var out = open(width: width, height: height, title: title)
        if segments.count > 1 { out += legend(segments.map { ($0.name, $0.color) }, x: left, y: 14) }
        for (r, row) in rows.enumerated() {
            let y = top + Double(r) * rowH
            out += text(row.label, x: left - 8, y: y + rowH * 0.65, anchor: "end")
            var x = left
            for (k, v) in row.values.enumerated() where v > 0 {
                let w = v / axis.max * plotW
                let color = segments.isEmpty ? "#4e79a7" : segments[k % segments.count].color
                let name = segments.isEmpty ? "" : segments[k % segments.count].name + ": "
                out += rect(
                    x: x, y: y + 3, w: w, h: rowH - 6, fill: color, tip: "\(row.label) \(name)\(format(v)) \(unit)")
                x += w
            }
            out += text(row.note, x: x + 6, y: y + rowH * 0.65, anchor: "start")
        }
        let base = top + Double(rows.count) * rowH
        out += "<line x1=\"\(n(left))\" y1=\"\(n(base))\" x2=\"\(n(left + plotW))\" y2=\"\(n(base))\" stroke=\"#999\"/>"
        out += text("\(format(axis.max)) \(unit)", x: left + plotW, y: base + 16, anchor: "end")
        out += text("0", x: left, y: base + 16, anchor: "start")
        return out + "</svg>\n"
    }

    // MARK: pieces

    struct Axis {
        let max: Double
        let step: Double
    }

    /// A round axis maximum (1, 2 or 5 × 10^k per tick, 4–5 ticks) at or above `value`.
    static func niceAxis(_ value: Double) -> Axis {
        guard value > 0 else { return Axis(max: 1, step: 0.25) }
        let raw = value / 4
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return Axis(max: ceil(value / step) * step, step: step)
    }

    static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"100%\" "
            + "role=\"img\" aria-label=\"\(escape(title))\" \(font) font-size=\"11\">"
            + "<title>\(escape(title))</title>"
    }

    static func legend(_ items: [(String, String)], x: Double, y: Double) -> String {
        var out = ""
        var cx = x
        for (name, color) in items {
            out += "<rect x=\"\(n(cx))\" y=\"\(n(y - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            out += text(name, x: cx + 14, y: y, anchor: "start")
            cx += 24 + Double(name.count) * 6.2
        }
        return out
    }

    static func yAxis(_ axis: Axis, unit: String, left: Double, top: Double, plotW: Double, plotH: Double) -> String {
        var out = ""
        var v = 0.0
        while v <= axis.max + axis.step / 2 {
            let y = top + plotH - v / axis.max * plotH
            out +=
                "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotW))\" y2=\"\(n(y))\" stroke=\"#e3e3e3\"/>"
            out += text(format(v), x: left - 6, y: y + 4, anchor: "end")
            v += axis.step
        }
        out += text(unit, x: 4, y: top - 8, anchor: "start")
        return out
    }

    static func rect(x: Double, y: Double, w: Double, h: Double, fill: String, tip: String) -> String {
        "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"\(fill)\">"
            + "<title>\(escape(tip))</title></rect>"
    }

    static func text(_ s: String, x: Double, y: Double, anchor: String) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" fill=\"#333\">\(escape(s))</text>"
    }

    /// Coordinates with at most two decimals.
    static func n(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
    }

    /// A value for a label: whole numbers below 10,000 as they are, larger ones with k / M.
    static func format(_ v: Double) -> String {
        if v >= 1_000_000 { return String(format: "%.1fM", v / 1_000_000) }
        if v >= 10_000 { return String(format: "%.0fk", v / 1000) }
        if v == v.rounded() { return String(Int(v)) }
        return String(format: v < 10 ? "%.2f" : "%.1f", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
