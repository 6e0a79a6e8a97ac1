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
    /// (JSONDecoder rather than JSONSerialization: the latter loses the last digit of some Doubles
    /// on Linux, and a metrics file must read back exactly.)
    public init?(jsonLine line: Substring) {
        guard let object = try? JSONDecoder().decode([String: JSONScalar].self, from: Data(line.utf8)),
              let step = object["step"]?.integer, let epoch = object["epoch"]?.integer else { return nil }
        self.init(step: step, epoch: epoch, loss: object["loss"]?.number ?? .nan, lr: object["lr"]?.number ?? .nan,
                  gradNorm: object["grad_norm"].map { $0.number ?? .nan },
                  samplesPerSecond: object["samples_per_s"].map { $0.number ?? .nan })
        for (key, value) in object where !Self.fixedKeys.contains(key) {
            if case let .text(text) = value { extra[key] = .text(text) } else { extra[key] = .number(value.number ?? .nan) }
        }
    }
}

/// A JSON value of a metrics line: a number, a string, or null (a non-finite number).
enum JSONScalar: Decodable {
    case number(Double)
    case text(String)
    case null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    var number: Double? { if case let .number(value) = self { value } else { nil } }
    var integer: Int? { number.flatMap { Int(exactly: $0) } }
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
