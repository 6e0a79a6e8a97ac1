/// The parts of TensorFlow's `Event` and `Summary` protos (tensorflow/core/util/event.proto,
/// tensorboard/compat/proto/summary.proto) that strata writes: a file version, scalars as
/// `simple_value`, PNG images, and string/float tensors tagged with a plugin (text, hparams).
/// Field numbers are the protos'; a reader skips the fields it does not know.
public struct Event: Sendable, Equatable {
    public enum Payload: Sendable, Equatable {
        /// The first event of every file: "brain.Event:2".
        case fileVersion(String)
        case summary([SummaryValue])
        /// A field we do not decode (a graph, a session log, …).
        case other
    }

    public var wallTime: Double
    public var step: Int64
    public var payload: Payload

    public init(wallTime: Double, step: Int64, payload: Payload) {
        self.wallTime = wallTime
        self.step = step
        self.payload = payload
    }

    public static let fileVersion = "brain.Event:2"

    public func encoded() -> [UInt8] {
        var out = ProtoWriter()
        out.double(1, wallTime)
        out.int(2, step)
        switch payload {
        case .fileVersion(let version): out.string(3, version)
        case .summary(let values):
            out.message(5) { summary in
                for value in values { summary.message(1) { value.encode(into: &$0) } }
            }
        case .other: break
        }
        return out.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var event = Event(wallTime: 0, step: 0, payload: .other)
        for field in try ProtoReader.fields(bytes) {
            switch field.number {
            case 1: event.wallTime = field.double ?? 0
            case 2: event.step = field.int ?? 0
            case 3: event.payload = .fileVersion(field.text ?? "")
            case 5:
                let values = try ProtoReader.fields(field.data ?? []).filter { $0.number == 1 }
                event.payload = .summary(try values.map { try SummaryValue(decoding: $0.data ?? []) })
            default: break
            }
        }
        self = event
    }
}

/// One `Summary.Value`: a tag, optional plugin metadata, and the datum.
public struct SummaryValue: Sendable, Equatable {
    public enum Datum: Sendable, Equatable {
        case scalar(Float)
        /// An encoded image (PNG) with its size.
        case image(height: Int, width: Int, colorspace: Int, encoded: [UInt8])
        case tensor(TensorValue)
        case none
    }

    public var tag: String
    public var plugin: PluginData?
    public var datum: Datum

    public init(tag: String, plugin: PluginData? = nil, datum: Datum) {
        self.tag = tag
        self.plugin = plugin
        self.datum = datum
    }

    func encode(into out: inout ProtoWriter) {
        out.string(1, tag)
        switch datum {
        case .scalar(let value): out.float(2, value)
        case let .image(height, width, colorspace, encoded):
            out.message(4) { image in
                image.int(1, Int64(height))
                image.int(2, Int64(width))
                image.int(3, Int64(colorspace))
                image.bytes(4, encoded)
            }
        case .tensor(let tensor): out.message(8) { tensor.encode(into: &$0) }
        case .none: break
        }
        if let plugin {
            out.message(9) { metadata in
                metadata.message(1) { data in
                    data.string(1, plugin.name)
                    if !plugin.content.isEmpty { data.bytes(2, plugin.content) }
                }
            }
        }
    }

    init(decoding bytes: [UInt8]) throws {
        self.init(tag: "", datum: .none)
        for field in try ProtoReader.fields(bytes) {
            switch field.number {
            case 1: tag = field.text ?? ""
            case 2: datum = .scalar(field.float ?? .nan)
            case 4:
                var size = (height: 0, width: 0, colorspace: 0, encoded: [UInt8]())
                for part in try ProtoReader.fields(field.data ?? []) {
                    switch part.number {
                    case 1: size.height = Int(part.int ?? 0)
                    case 2: size.width = Int(part.int ?? 0)
                    case 3: size.colorspace = Int(part.int ?? 0)
                    case 4: size.encoded = part.data ?? []
                    default: break
                    }
                }
                datum = .image(height: size.height, width: size.width, colorspace: size.colorspace, encoded: size.encoded)
            case 8: datum = .tensor(try TensorValue(decoding: field.data ?? []))
            case 9:
                for part in try ProtoReader.fields(field.data ?? []) where part.number == 1 {
                    var data = PluginData(name: "", content: [])
                    for item in try ProtoReader.fields(part.data ?? []) {
                        if item.number == 1 { data.name = item.text ?? "" }
                        if item.number == 2 { data.content = item.data ?? [] }
                    }
                    plugin = data
                }
            default: break
            }
        }
    }
}

/// `SummaryMetadata.PluginData`: which TensorBoard plugin reads a tag, and its own bytes.
public struct PluginData: Sendable, Equatable {
    public var name: String
    public var content: [UInt8]

    public init(name: String, content: [UInt8] = []) {
        self.name = name
        self.content = content
    }
}

/// A rank-0 `TensorProto` of strings (`DT_STRING`, 7) or of one float (`DT_FLOAT`, 1): the
/// text plugin's datum, and the null tensor hparams summaries carry.
public struct TensorValue: Sendable, Equatable {
    public var strings: [String]
    public var float: Float?

    public init(strings: [String], float: Float?) {
        self.strings = strings
        self.float = float
    }

    public static func string(_ text: String) -> TensorValue { TensorValue(strings: [text], float: nil) }
    public static func float(_ value: Float) -> TensorValue { TensorValue(strings: [], float: value) }

    func encode(into out: inout ProtoWriter) {
        out.int(1, float == nil ? 7 : 1)
        // tensor_shape (field 2) left empty: a scalar.
        out.message(2) { _ in }
        if let float { out.message(5) { $0.bytesOfFloats([float]) } }  // packed float_val
        for text in strings { out.string(8, text) }
    }

    init(decoding bytes: [UInt8]) throws {
        self.init(strings: [], float: nil)
        for field in try ProtoReader.fields(bytes) {
            if field.number == 8 { strings.append(field.text ?? "") }
            if field.number == 5 {
                if let packed = field.data, packed.count >= 4 {
                    float = Float(bitPattern: UInt32(packed[0]) | UInt32(packed[1]) << 8 | UInt32(packed[2]) << 16 | UInt32(packed[3]) << 24)
                } else if let single = field.float {
                    float = single
                }
            }
        }
    }
}

extension ProtoWriter {
    /// The body of a packed repeated float (the caller wraps it as one length-delimited field).
    mutating func bytesOfFloats(_ values: [Float]) {
        for value in values { appendRaw(value.bitPattern) }
    }
}
