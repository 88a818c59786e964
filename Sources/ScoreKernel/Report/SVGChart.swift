import Foundation

/// The report's charts as inline SVG: horizontal (stacked) bars, a column histogram, interval
/// rows (quartile whiskers, rank intervals) and a heat grid. Every chart is drawn from a few
/// hundred marks at most, whatever the batch size; text is escaped (``HTML/escape(_:)``).
enum SVGChart {
    /// A bar segment or a mark: its value and the CSS class that colours it.
    struct Segment {
        var value: Double
        var style: String
    }

    /// One row of a bar chart.
    struct Bar {
        var label: String
        var segments: [Segment]
        /// Printed at the end of the bar.
        var note = ""
    }

    /// One row of an interval chart: the outer line (`low`…`high`), an optional box
    /// (`boxLow`…`boxHigh`), the centre dot, and an optional second mark (a diamond).
    struct Interval {
        var label: String
        var low, boxLow, centre, boxHigh, high: Double
        var second: Double = .nan
        var marked = false
    }

    static let labelWidth = 190.0
    static let rowHeight = 18.0

    private static func n(_ x: Double) -> String { String(format: "%.1f", x) }

    private static func svg(width: Double, height: Double, title: String, _ body: String) -> String {
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\"><title>\(HTML.escape(title))</title>\(body)</svg>"
    }

    private static func label(_ text: String, x: Double, y: Double, anchor: String = "end", style: String = "lbl") -> String {
        "<text class=\"\(style)\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\">\(HTML.escape(text))</text>"
    }

    /// Horizontal bars, one per row, stacked by segment: scaled to the longest row, or with
    /// `shares` each row to its own total (100 % stacked).
    static func bars(_ rows: [Bar], title: String, shares: Bool = false, width: Double = 560) -> String {
        let plot = width - labelWidth - (rows.contains { !$0.note.isEmpty } ? 120 : 10)
        func total(_ row: Bar) -> Double { row.segments.reduce(0) { $0 + max(0, $1.value) } }
        let largest = max(rows.map(total).max() ?? 0, 1e-12)
        var body = ""
        for (i, row) in rows.enumerated() {
            let y = 6 + Double(i) * rowHeight
            body += label(row.label, x: labelWidth - 6, y: y + 12)
            var x = labelWidth
            let scale = shares ? max(total(row), 1e-12) : largest
            for s in row.segments where s.value > 0 {
                let w = max(0.5, s.value / scale * plot)
                body += "<rect class=\"\(s.style)\" x=\"\(n(x))\" y=\"\(n(y + 2))\" width=\"\(n(w))\" height=\"\(n(rowHeight - 5))\"/>"
                x += w
            }
            if !row.note.isEmpty { body += label(row.note, x: x + 4, y: y + 12, anchor: "start", style: "val") }
        }
        body += "<line class=\"axis\" x1=\"\(n(labelWidth))\" y1=\"4\" x2=\"\(n(labelWidth))\" y2=\"\(n(8 + Double(rows.count) * rowHeight))\"/>"
        return svg(width: width, height: 12 + Double(rows.count) * rowHeight, title: title, body)
    }

    /// Vertical columns, e.g. projects per point of the total; `labels` under every `every`-th.
    static func columns(_ values: [Int], labels: [String], every: Int, title: String, width: Double = 560, height: Double = 200) -> String
    {
        let (left, bottom, top) = (44.0, 22.0, 10.0)
        let plotW = width - left - 10, plotH = height - bottom - top
        // Gridlines at a round step (1, 2 or 5 × 10^k), at most five of them; the axis ends at
        // the first step above the tallest column.
        let tallest = max(values.max() ?? 0, 1)
        var (mantissa, scale) = (0, 1)
        var step: Int { [1, 2, 5][mantissa] * scale }
        while (tallest + step - 1) / step > 5 {
            mantissa += 1
            if mantissa == 3 { (mantissa, scale) = (0, scale * 10) }
        }
        let largest = Double((tallest + step - 1) / step * step)
        let w = plotW / Double(max(values.count, 1))
        var body = ""
        for v in stride(from: 0, through: Int(largest), by: step) {
            let y = top + plotH - plotH * Double(v) / largest
            body += "<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(width - 10))\" y2=\"\(n(y))\"/>"
            body += label(String(v), x: left - 4, y: y + 4)
        }
        for (i, v) in values.enumerated() {
            let h = Double(v) / largest * plotH
            let x = left + Double(i) * w
            if v > 0 { body += "<rect class=\"s0\" x=\"\(n(x + 0.5))\" y=\"\(n(top + plotH - h))\" width=\"\(n(max(0.5, w - 1)))\" height=\"\(n(max(0.5, h)))\"/>" }
            if i % every == 0 { body += label(labels[i], x: x, y: height - 6, anchor: "middle") }
        }
        return svg(width: width, height: height, title: title, body)
    }

    /// Interval rows on a common axis from `range`: line, box, centre dot, diamond; a marked row
    /// is drawn in the warning colour.
    static func intervals(_ rows: [Interval], range: ClosedRange<Double>, ticks: [Double], title: String, width: Double = 560) -> String {
        let plot = width - labelWidth - 16
        func x(_ v: Double) -> Double { labelWidth + (min(max(v, range.lowerBound), range.upperBound) - range.lowerBound) / (range.upperBound - range.lowerBound) * plot }
        let height = 24 + Double(rows.count) * rowHeight
        var body = ""
        for t in ticks {
            body += "<line class=\"grid\" x1=\"\(n(x(t)))\" y1=\"4\" x2=\"\(n(x(t)))\" y2=\"\(n(height - 18))\"/>"
            body += label(t == t.rounded() ? String(Int(t)) : String(t), x: x(t), y: height - 6, anchor: "middle")
        }
        for (i, r) in rows.enumerated() {
            let y = 6 + Double(i) * rowHeight, mid = y + rowHeight / 2
            let style = r.marked ? "warn" : "s0"
            body += label(r.label, x: labelWidth - 6, y: y + 12, style: r.marked ? "lbl warnText" : "lbl")
            if r.low.isFinite && r.high.isFinite {
                body += "<line class=\"whisker \(style)\" x1=\"\(n(x(r.low)))\" y1=\"\(n(mid))\" x2=\"\(n(x(r.high)))\" y2=\"\(n(mid))\"/>"
            }
            if r.boxLow.isFinite && r.boxHigh.isFinite {
                body += "<rect class=\"box \(style)\" x=\"\(n(x(r.boxLow)))\" y=\"\(n(mid - 5))\" width=\"\(n(max(1, x(r.boxHigh) - x(r.boxLow))))\" height=\"10\"/>"
            }
            if r.second.isFinite {
                let c = x(r.second)
                body += "<path class=\"diamond\" d=\"M\(n(c)) \(n(mid - 5))L\(n(c + 4)) \(n(mid))L\(n(c)) \(n(mid + 5))L\(n(c - 4)) \(n(mid))Z\"/>"
            }
            if r.centre.isFinite { body += "<circle class=\"dot\" cx=\"\(n(x(r.centre)))\" cy=\"\(n(mid))\" r=\"2.5\"/>" }
        }
        return svg(width: width, height: height, title: title, body)
    }

    /// A grid of cells coloured by `values` (0…1 of the colour ramp; NaN: empty), with optional
    /// text in each cell, row labels on the left and column labels on top.
    ///
    /// With `axes` the grid is a 2-D histogram: labels mark cell edges (the lower-left corner of
    /// their cell), and a dashed diagonal marks x = y.
    static func grid(rows: [String], columns: [String], values: [[Double]], texts: [[String]]? = nil, title: String,
                     cell: Double = 44, cellHeight: Double = 16, rowLabelWidth: Double = labelWidth, columnLabelHeight: Double = 28,
                     axes: Bool = false) -> String
    {
        let width = rowLabelWidth + Double(columns.count) * cell + 8
        let height = columnLabelHeight + Double(rows.count) * cellHeight + 4
        var body = ""
        for (j, c) in columns.enumerated() where !c.isEmpty {
            body += label(c, x: rowLabelWidth + (Double(j) + (axes ? 0 : 0.5)) * cell, y: columnLabelHeight - 8, anchor: "middle")
        }
        for (i, r) in rows.enumerated() {
            let y = columnLabelHeight + Double(i) * cellHeight
            if !r.isEmpty { body += label(r, x: rowLabelWidth - 6, y: axes ? y + cellHeight + 4 : y + cellHeight - 4) }
            for j in columns.indices {
                let v = values[i][j]
                guard v.isFinite else { continue }
                let x = rowLabelWidth + Double(j) * cell
                body += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cell - 1))\" height=\"\(n(cellHeight - 1))\" fill=\"\(ramp(v))\"/>"
                if let t = texts?[i][j], !t.isEmpty {
                    body += label(t, x: x + cell / 2, y: y + cellHeight - 4, anchor: "middle", style: v > 0.6 ? "cellText light" : "cellText")
                }
            }
        }
        if axes {
            let (x0, y0) = (rowLabelWidth, columnLabelHeight + Double(rows.count) * cellHeight)
            body += "<line class=\"mark\" x1=\"\(n(x0))\" y1=\"\(n(y0))\" x2=\"\(n(x0 + Double(columns.count) * cell))\" y2=\"\(n(y0 - Double(rows.count) * cellHeight))\"/>"
        }
        return svg(width: width, height: height, title: title, body)
    }

    /// A colour from pale to deep blue (0 to 1): one hue, so that darker reads as more.
    static func ramp(_ v: Double) -> String {
        let stops: [(Double, Double, Double)] = [(239, 246, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)]
        let t = min(max(v, 0), 1) * Double(stops.count - 1)
        let i = min(Int(t), stops.count - 2), f = t - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func c(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        return String(format: "#%02x%02x%02x", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
    }
}
