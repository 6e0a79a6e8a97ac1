import Foundation
import Tensor

/// An SVG chart of loss against step from `metrics.jsonl`: the raw values as light points, a
/// smoothed curve over them, axes with ticks at 1-2-5 steps. The smoothing is TensorBoard's:
/// an exponential moving average with weight `smoothing`, debiased at the start
/// (s_n = (w·m_{n−1} + (1−w)·x_n) / (1 − w^n)). Non-finite losses are skipped.
public enum LossPlot {
    static let width = 800.0, height = 450.0
    static let left = 70.0, right = 20.0, top = 40.0, bottom = 50.0

    /// Reads `metricsPath` and writes the chart to `svgPath` atomically.
    public static func write(metrics metricsPath: String, to svgPath: String, title: String = "loss", smoothing: Double = 0.9) throws {
        let records = try MetricsLog.read(metricsPath)
        try writeFileAtomically(Array(svg(records, title: title, smoothing: smoothing).utf8), to: svgPath)
    }

    /// The debiased exponential moving average of `values`.
    public static func smoothed(_ values: [Double], weight: Double) -> [Double] {
        var average = 0.0
        var correction = 1.0
        return values.map { value in
            average = weight * average + (1 - weight) * value
            correction *= weight
            return correction < 1 ? average / (1 - correction) : value
        }
    }

    public static func svg(_ records: [MetricsRecord], title: String = "loss", smoothing: Double = 0.9) -> String {
        let points = records.filter { $0.loss.isFinite }.map { (x: Double($0.step), y: $0.loss) }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(format(width / 2))" y="22" text-anchor="middle" font-size="15">\(escaped(title))</text>

        """
        guard !points.isEmpty else {
            return out + "<text x=\"\(format(width / 2))\" y=\"\(format(height / 2))\" text-anchor=\"middle\">no finite loss values</text>\n</svg>\n"
        }
        let xTicks = ticks(from: points.map(\.x).min()!, to: points.map(\.x).max()!)
        let yTicks = ticks(from: points.map(\.y).min()!, to: points.map(\.y).max()!)
        let xRange = (xTicks.first!, xTicks.last!), yRange = (yTicks.first!, yTicks.last!)
        func px(_ x: Double) -> Double { left + (x - xRange.0) / (xRange.1 - xRange.0) * (width - left - right) }
        func py(_ y: Double) -> Double { height - bottom - (y - yRange.0) / (yRange.1 - yRange.0) * (height - top - bottom) }

        out += "<g stroke=\"#ddd\">\n"
        for x in xTicks { out += "<line x1=\"\(format(px(x)))\" y1=\"\(format(top))\" x2=\"\(format(px(x)))\" y2=\"\(format(height - bottom))\"/>\n" }
        for y in yTicks { out += "<line x1=\"\(format(left))\" y1=\"\(format(py(y)))\" x2=\"\(format(width - right))\" y2=\"\(format(py(y)))\"/>\n" }
        out += "</g>\n<g stroke=\"black\">\n"
        out += "<line x1=\"\(format(left))\" y1=\"\(format(height - bottom))\" x2=\"\(format(width - right))\" y2=\"\(format(height - bottom))\"/>\n"
        out += "<line x1=\"\(format(left))\" y1=\"\(format(top))\" x2=\"\(format(left))\" y2=\"\(format(height - bottom))\"/>\n</g>\n"
        out += "<g text-anchor=\"middle\">\n"
        for x in xTicks { out += "<text x=\"\(format(px(x)))\" y=\"\(format(height - bottom + 18))\">\(label(x))</text>\n" }
        out += "<text x=\"\(format((left + width - right) / 2))\" y=\"\(format(height - 10))\">step</text>\n</g>\n"
        out += "<g text-anchor=\"end\">\n"
        for y in yTicks { out += "<text x=\"\(format(left - 6))\" y=\"\(format(py(y) + 4))\">\(label(y))</text>\n" }
        out += "</g>\n<g fill=\"#9bbbe0\">\n"
        for point in points { out += "<circle cx=\"\(format(px(point.x)))\" cy=\"\(format(py(point.y)))\" r=\"2\"/>\n" }
        out += "</g>\n"
        let curve = zip(points, smoothed(points.map(\.y), weight: smoothing)).map { "\(format(px($0.x))),\(format(py($1)))" }
        out += "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"\(curve.joined(separator: " "))\"/>\n"
        return out + "</svg>\n"
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
        if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.3g", value) }
        return String(format: "%.6g", value)
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
