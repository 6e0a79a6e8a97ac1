import Foundation
import Tensor

/// A free field of a metrics line.
public enum MetricValue: Sendable, Equatable {
    case number(Double)
    case text(String)
}

/// One line of `metrics.jsonl`: what Open-Sora logs to wandb at an optimizer step
/// (`loss`, `lr`, `global_grad_norm`, `epoch`, step = `actual_update_step`), plus throughput and any
/// other fields the trainer adds. Written as one JSON object per line with the fixed keys first
/// (`step, epoch, loss, lr, grad_norm, samples_per_s`) and the free ones after, sorted. Non-finite
/// numbers (a diverged loss) are written as `null`, since JSON has no NaN, and read back as NaN.
public struct MetricsRecord: Sendable, Equatable {
    public var step: Int
    public var epoch: Int
    public var loss: Double
    public var lr: Double
    public var gradNorm: Double?
    public var samplesPerSecond: Double?
    public var extra: [String: MetricValue]

    public init(step: Int, epoch: Int, loss: Double, lr: Double, gradNorm: Double? = nil,
                samplesPerSecond: Double? = nil, extra: [String: MetricValue] = [:]) {
        self.step = step
        self.epoch = epoch
        self.loss = loss
        self.lr = lr
        self.gradNorm = gradNorm
        self.samplesPerSecond = samplesPerSecond
        self.extra = extra
    }

    static let fixedKeys: Set<String> = ["step", "epoch", "loss", "lr", "grad_norm", "samples_per_s"]

    /// The JSON line, without the newline.
    public var jsonLine: String {
        var fields = ["\"step\":\(step)", "\"epoch\":\(epoch)", "\"loss\":\(Self.number(loss))", "\"lr\":\(Self.number(lr))"]
        if let gradNorm { fields.append("\"grad_norm\":\(Self.number(gradNorm))") }
        if let samplesPerSecond { fields.append("\"samples_per_s\":\(Self.number(samplesPerSecond))") }
        for key in extra.keys.sorted() where !Self.fixedKeys.contains(key) {
            switch extra[key]! {
            case let .number(value): fields.append("\(jsonString(key)):\(Self.number(value))")
            case let .text(value): fields.append("\(jsonString(key)):\(jsonString(value))")
            }
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Shortest round-tripping decimal (Swift's description is valid JSON for finite values).
    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    /// Parses a line; nil when it is not a JSON object with integer `step` and `epoch`.
    public init?(jsonLine line: Substring) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let step = Self.integer(object["step"]), let epoch = Self.integer(object["epoch"]) else { return nil }
        self.init(step: step, epoch: epoch, loss: Self.double(object["loss"]) ?? .nan, lr: Self.double(object["lr"]) ?? .nan,
                  gradNorm: object["grad_norm"].map { Self.double($0) ?? .nan },
                  samplesPerSecond: object["samples_per_s"].map { Self.double($0) ?? .nan })
        for (key, value) in object where !Self.fixedKeys.contains(key) {
            if let text = value as? String { extra[key] = .text(text) } else { extra[key] = .number(Self.double(value) ?? .nan) }
        }
    }

    private static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        return Int(exactly: number.doubleValue)
    }

    private static func double(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
}

/// A JSON string literal.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let control where control.value < 0x20:
            let hex = String(control.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
