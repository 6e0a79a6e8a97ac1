/// Summary values as TensorBoard's plugins expect them: scalars (`simple_value`, which
/// TensorBoard migrates to its scalars plugin), text (a string tensor for the `text` plugin,
/// rendered as Markdown), images (PNG bytes) and hyperparameters (the `hparams` plugin's
/// session-start record).
public enum Summaries {
    public static func scalar(_ tag: String, _ value: Double) -> SummaryValue {
        SummaryValue(tag: tag, datum: .scalar(Float(value)))
    }

    /// Markdown text. Plain text with newlines shows run together, so callers that want a
    /// verbatim block indent it (see `codeBlock`).
    public static func text(_ tag: String, _ markdown: String) -> SummaryValue {
        SummaryValue(tag: tag, plugin: PluginData(name: "text"), datum: .tensor(.string(markdown)))
    }

    /// Text shown verbatim: every line indented by four spaces (a Markdown code block).
    public static func codeBlock(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    public static func image(_ tag: String, png: [UInt8], width: Int, height: Int) -> SummaryValue {
        SummaryValue(tag: tag, datum: .image(height: height, width: width, colorspace: 3, encoded: png))
    }

    /// A hyperparameter value (`google.protobuf.Value`: number, string or bool).
    public enum HParam: Sendable, Equatable {
        case number(Double)
        case string(String)
        case bool(Bool)
    }

    public static let sessionStartTag = "_hparams_/session_start_info"

    /// The `hparams` plugin's `SessionStartInfo` (HParamsPluginData field 3): a map of values,
    /// the group name and the start time. TensorBoard infers the experiment (the columns) from
    /// the sessions it finds, and the metrics from the run's scalars.
    public static func hparams(_ values: [(String, HParam)], group: String, startTime: Double) -> SummaryValue {
        var content = ProtoWriter()
        content.message(3) { start in
            for (key, value) in values {
                start.message(1) { entry in
                    entry.string(1, key)
                    entry.message(2) { proto in
                        switch value {
                        case .number(let number): proto.double(2, number)
                        case .string(let text): proto.string(3, text)
                        case .bool(let flag): proto.int(4, flag ? 1 : 0)
                        }
                    }
                }
            }
            start.string(4, group)
            start.double(5, startTime)
        }
        return SummaryValue(tag: sessionStartTag, plugin: PluginData(name: "hparams", content: content.bytes),
                            datum: .tensor(.float(0)))
    }

    /// The hyperparameters of a session-start record (for reading back).
    public static func decodeHParams(_ content: [UInt8]) throws -> [String: HParam] {
        var out: [String: HParam] = [:]
        for field in try ProtoReader.fields(content) where field.number == 3 {
            for entry in try ProtoReader.fields(field.data ?? []) where entry.number == 1 {
                var key = ""
                var value: HParam?
                for part in try ProtoReader.fields(entry.data ?? []) {
                    if part.number == 1 { key = part.text ?? "" }
                    if part.number == 2 {
                        for kind in try ProtoReader.fields(part.data ?? []) {
                            // One switch over number and payload together: reading the payload
                            // through the accessors here crashes Swift 6.3.1's optimizer.
                            switch (kind.number, kind.value) {
                            case (2, .fixed64(let bits)): value = .number(Double(bitPattern: bits))
                            case (3, .bytes(let bytes)): value = .string(String(decoding: bytes, as: UTF8.self))
                            case (4, .varint(let flag)): value = .bool(flag != 0)
                            default: break
                            }
                        }
                    }
                }
                if let value { out[key] = value }
            }
        }
        return out
    }
}
