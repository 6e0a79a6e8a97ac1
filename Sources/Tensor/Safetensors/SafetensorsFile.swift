/// Named tensors and a string metadata map in the safetensors format (Hugging Face), the format
/// Open-Sora and PyTorch tooling load with `safetensors.torch.load_file`.
///
/// Layout: an 8-byte little-endian header length N, N bytes of JSON, then the tensor bytes.
/// The JSON maps each name to `{"dtype","shape","data_offsets":[begin,end]}` (offsets relative to
/// the end of the header) plus an optional `"__metadata__"` map of strings. We write as the Python
/// library does: `__metadata__` first, tensors in the order of their bytes — by dtype size
/// descending, then name (we only write F32, so by name, compared as UTF-8 bytes) — no whitespace,
/// and the header padded with spaces to a multiple of 8 bytes so every tensor starts 8-aligned.
/// We read F32 exactly and F64, F16, BF16 and the integer and bool types converted to Float.
public struct SafetensorsFile: Sendable, Equatable {
    public var tensors: [String: Tensor]
    public var metadata: [String: String]

    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public subscript(name: String) -> Tensor? {
        get { tensors[name] }
        set { tensors[name] = newValue }
    }

    /// Tensor names in the order they are written (UTF-8 byte order).
    public var sortedNames: [String] { tensors.keys.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) } }

    /// Reads a file; errors name it and say what is wrong (truncated, corrupt header, bad offsets).
    public static func read(_ path: String) throws -> SafetensorsFile {
        try decode(readWholeFile(path), path: path)
    }

    /// Writes the file atomically (temporary file, fsync, rename).
    public func write(to path: String) throws {
        try writeFileAtomically(encoded(), to: path)
    }

    /// The bytes of the file.
    public func encoded() -> [UInt8] {
        let names = sortedNames
        var header = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            let entries = metadata.keys.sorted().map { "\(jsonQuoted($0)):\(jsonQuoted(metadata[$0]!))" }
            fields.append("\"__metadata__\":{\(entries.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let size = tensor.count * SafetensorsDType.f32.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(jsonQuoted(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        header += fields.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        appendLittleEndian(UInt64(headerBytes.count), to: &bytes)
        bytes += headerBytes
        for name in names {
            #if _endian(little)
            tensors[name]!.data.withUnsafeBytes { bytes.append(contentsOf: $0) }  // already the file's byte order
            #else
            for value in tensors[name]!.data { appendLittleEndian(value.bitPattern, to: &bytes) }
            #endif
        }
        return bytes
    }

    /// Parses the bytes of a file; `path` is only used in error messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> SafetensorsFile {
        func failure(_ message: String) -> FileError { FileError(path: path, message: "not a valid safetensors file: \(message)") }
        guard bytes.count >= 8 else {
            throw failure("truncated to \(bytes.count) bytes (the file starts with an 8-byte header length)")
        }
        let headerLength = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw failure("header of \(headerLength) bytes runs past the end of the file (\(bytes.count) bytes); the file is truncated or corrupt")
        }
        let dataStart = 8 + Int(headerLength)
        let entries = try SafetensorsHeader.parse(bytes[8..<dataStart], failure: failure)
        let dataSize = bytes.count - dataStart

        var file = SafetensorsFile(metadata: entries.metadata)
        var covered = 0
        for entry in entries.tensors.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            let count = entry.shape.reduce(1, *)
            let needed = count * entry.dtype.size
            guard entry.end - entry.begin == needed else {
                throw failure("tensor '\(entry.name)': data_offsets [\(entry.begin), \(entry.end)] hold \(entry.end - entry.begin) bytes; \(entry.dtype.rawValue) \(entry.shape) needs \(needed)")
            }
            guard entry.end <= dataSize else {
                throw failure("tensor '\(entry.name)' ends at data byte \(entry.end) but the file holds only \(dataSize) data bytes; the file is truncated")
            }
            guard entry.begin == covered else {
                throw failure("tensor '\(entry.name)' starts at data byte \(entry.begin), expected \(covered) (tensors must be contiguous and not overlap)")
            }
            covered = entry.end
            let values = entry.dtype.decode(bytes, from: dataStart + entry.begin, count: count)
            file.tensors[entry.name] = Tensor(shape: entry.shape, data: values)
        }
        guard covered == dataSize else {
            throw failure("\(dataSize - covered) bytes after the last tensor are not described by the header")
        }
        return file
    }
}

func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
    var little = value.littleEndian
    withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
}

/// A JSON string literal, escaped as serde_json (the Rust library under `safetensors`) escapes it:
/// quote, backslash and control characters; everything else as UTF-8.
func jsonQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case let control where control.value < 0x20:
            let hex = String(control.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
