import Foundation
import Tensor

/// An SVG chart of a run's `metrics.jsonl`, readable at a glance: a title, the loss at every logged
/// step as light points with a smoothed line through them, the learning rate on its own panel
/// below (same step axis), axes with units and ticks at 1-2-5 steps, and a legend.
///
/// The smoothing is a centred moving average (each point the mean of the points within
/// `halfWidth` steps either side, fewer at the ends): it follows the points, where a trailing
/// exponential average lags behind a falling loss and ends above every recent point.
public enum LossPlot {
    static let width = 800.0, height = 600.0
    static let left = 80.0, right = 24.0
    /// The loss panel and the learning-rate panel, top to bottom.
    static let lossPanel = (top: 64.0, bottom: 380.0)
    static let lrPanel = (top: 430.0, bottom: 540.0)

    /// Reads `metricsPath` and writes the chart to `svgPath` atomically.
    public static func write(metrics metricsPath: String, to svgPath: String, title: String = "loss") throws {
        let records = try MetricsLog.read(metricsPath)
        try writeFileAtomically(Array(svg(records, title: title).utf8), to: svgPath)
    }

    /// Each value replaced by the mean of the values at most `halfWidth` places either side.
    public static func centredMean(_ values: [Double], halfWidth: Int) -> [Double] {
        var prefix = [0.0]
        prefix.reserveCapacity(values.count + 1)
        for value in values { prefix.append(prefix.last! + value) }
        return values.indices.map { index in
            let low = max(0, index - halfWidth), high = min(values.count - 1, index + halfWidth)
            return (prefix[high + 1] - prefix[low]) / Double(high - low + 1)
        }
    }

    /// About a twentieth of the points either side: smooth enough to show the trend, narrow enough
    /// to follow it.
    public static func halfWidth(points: Int) -> Int { max(1, min(50, points / 20)) }

    public static func svg(_ records: [MetricsRecord], title: String = "loss") -> String {
        let points = records.filter { $0.loss.isFinite }.map { (x: Double($0.step), y: $0.loss) }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(format(width / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold">\(escaped(title)): training loss</text>

        """
        guard !points.isEmpty else {
            return out + "<text x=\"\(format(width / 2))\" y=\"\(format(height / 2))\" text-anchor=\"middle\">no finite loss values</text>\n</svg>\n"
        }
        let xTicks = ticks(from: points.map(\.x).min()!, to: points.map(\.x).max()!)
        let xRange = (xTicks.first!, xTicks.last!)
        func px(_ x: Double) -> Double { left + (x - xRange.0) / (xRange.1 - xRange.0) * (width - left - right) }

        // The loss panel: points, the centred average, a legend.
        let yTicks = ticks(from: points.map(\.y).min()!, to: points.map(\.y).max()!)
        let loss = Panel(top: lossPanel.top, bottom: lossPanel.bottom, range: (yTicks.first!, yTicks.last!))
        out += grid(xTicks: xTicks, yTicks: yTicks, panel: loss, px: px, yLabel: "loss (MSE of the velocity)")
        out += "<g fill=\"#9bbbe0\">\n"
        for point in points { out += "<circle cx=\"\(format(px(point.x)))\" cy=\"\(format(loss.y(point.y)))\" r=\"2.2\"/>\n" }
        out += "</g>\n"
        let half = halfWidth(points: points.count)
        let curve = zip(points, centredMean(points.map(\.y), halfWidth: half)).map { "\(format(px($0.x))),\(format(loss.y($1)))" }
        out += "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2.2\" points=\"\(curve.joined(separator: " "))\"/>\n"
        out += legend(x: width - right - 250, y: lossPanel.top + 8, smoothing: "mean of \(2 * half + 1) logged steps, centred")

        // The learning-rate panel, on the same step axis.
        let rates = records.filter { $0.loss.isFinite && $0.lr.isFinite }.map { (x: Double($0.step), y: $0.lr) }
        if !rates.isEmpty {
            let lrTicks = ticks(from: 0, to: max(rates.map(\.y).max()!, 0))
            let lr = Panel(top: lrPanel.top, bottom: lrPanel.bottom, range: (lrTicks.first!, lrTicks.last!))
            out += grid(xTicks: xTicks, yTicks: [lrTicks.first!, lrTicks[lrTicks.count / 2], lrTicks.last!], panel: lr, px: px, yLabel: "learning rate")
            let line = rates.map { "\(format(px($0.x))),\(format(lr.y($0.y)))" }
            out += "<polyline fill=\"none\" stroke=\"#c0504d\" stroke-width=\"2\" points=\"\(line.joined(separator: " "))\"/>\n"
        }
        out += "<g text-anchor=\"middle\">\n"
        for x in xTicks { out += "<text x=\"\(format(px(x)))\" y=\"\(format(lrPanel.bottom + 18))\">\(label(x))</text>\n" }
        out += "<text x=\"\(format((left + width - right) / 2))\" y=\"\(format(height - 14))\">optimizer step</text>\n</g>\n"
        return out + "</svg>\n"
    }

    /// A panel's vertical scale.
    struct Panel {
        var top: Double, bottom: Double, range: (Double, Double)
        func y(_ value: Double) -> Double { bottom - (value - range.0) / (range.1 - range.0) * (bottom - top) }
    }

    /// Grid lines, axes, the y tick labels and the y axis title of one panel.
    private static func grid(xTicks: [Double], yTicks: [Double], panel: Panel, px: (Double) -> Double, yLabel: String) -> String {
        var out = "<g stroke=\"#e3e3e3\">\n"
        for x in xTicks { out += "<line x1=\"\(format(px(x)))\" y1=\"\(format(panel.top))\" x2=\"\(format(px(x)))\" y2=\"\(format(panel.bottom))\"/>\n" }
        for y in yTicks { out += "<line x1=\"\(format(left))\" y1=\"\(format(panel.y(y)))\" x2=\"\(format(width - right))\" y2=\"\(format(panel.y(y)))\"/>\n" }
        out += "</g>\n<g stroke=\"black\">\n"
        out += "<line x1=\"\(format(left))\" y1=\"\(format(panel.bottom))\" x2=\"\(format(width - right))\" y2=\"\(format(panel.bottom))\"/>\n"
        out += "<line x1=\"\(format(left))\" y1=\"\(format(panel.top))\" x2=\"\(format(left))\" y2=\"\(format(panel.bottom))\"/>\n</g>\n"
        out += "<g text-anchor=\"end\">\n"
        for y in yTicks { out += "<text x=\"\(format(left - 6))\" y=\"\(format(panel.y(y) + 4))\">\(label(y))</text>\n" }
        out += "</g>\n"
        let middle = (panel.top + panel.bottom) / 2
        out += "<text x=\"18\" y=\"\(format(middle))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(format(middle)))\">\(escaped(yLabel))</text>\n"
        return out
    }

    private static func legend(x: Double, y: Double, smoothing: String) -> String {
        """
        <g font-size="11">
        <rect x="\(format(x))" y="\(format(y))" width="246" height="42" fill="white" fill-opacity="0.85" stroke="#bbb"/>
        <circle cx="\(format(x + 14))" cy="\(format(y + 13))" r="2.5" fill="#9bbbe0"/>
        <text x="\(format(x + 28))" y="\(format(y + 17))">loss at a logged step</text>
        <line x1="\(format(x + 6))" y1="\(format(y + 30))" x2="\(format(x + 22))" y2="\(format(y + 30))" stroke="#1f5fa8" stroke-width="2.2"/>
        <text x="\(format(x + 28))" y="\(format(y + 34))">\(escaped(smoothing))</text>
        </g>

        """
    }

    /// Tick values covering [low, high] at a 1-2-5 spacing, about five intervals, first ≤ low and
    /// last ≥ high.
    public static func ticks(from low: Double, to high: Double) -> [Double] {
        var low = low, high = high
        if high <= low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let rough = (high - low) / 5
        let exponent = Int(floor(log10(rough)))
        let magnitude = pow(10, Double(exponent))
        let mantissa = [1.0, 2, 5, 10].first { $0 * magnitude >= rough } ?? 10
        let spacing = mantissa * magnitude
        let start = floor(low / spacing), end = ceil(high / spacing)
        // k·m / 10^e rather than k·spacing: dividing by an exact power of ten rounds to the
        // nearest Double of the decimal tick (1.2, not 1.2000000000000002).
        let divisor = exponent < 0 ? pow(10, Double(-exponent)) : 1
        let multiplier = exponent < 0 ? mantissa : spacing
        return stride(from: start, through: end, by: 1).map { $0 * multiplier / divisor }
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-2 { return String(format: "%.3g", value) }
        return String(format: "%.6g", value)
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
