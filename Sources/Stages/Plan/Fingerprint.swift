import ConfigLang
import Crypto
import Foundation

/// The strata version that goes into every fingerprint: a new version reruns every stage, since
/// the code that trains may have changed.
public enum StrataVersion {
    public static let current = "0.1.0"
}

/// What a stage's result depends on, and its hash.
///
/// The values are those the schemas declare as shaping the result or the weights (logging and
/// checkpoint cadence, worker counts, paths of outputs do not count); the dataset table counts by
/// its content (SHA-256 of the file), not its path; the upstream stage counts by its fingerprint.
public struct FingerprintInputs: Sendable {
    public var stage: String
    public var strataVersion: String
    public var values: [RoledValue]
    /// SHA-256 of the dataset table; nil when `dataset.data_path` is null.
    public var dataSHA256: String?
    public var upstream: String?
    /// The other files the stage reads, by content (`StageInputFiles`).
    public var files: [(label: String, sha256: String)]
    /// Ranks of a data-parallel run: how the batches are split changes the numbers.
    public var worldSize: Int

    public init(stage: String, strataVersion: String = StrataVersion.current, values: [RoledValue], dataSHA256: String?, upstream: String?,
                files: [(label: String, sha256: String)] = [], worldSize: Int = 1) {
        self.stage = stage
        self.strataVersion = strataVersion
        self.values = values.filter { $0.role.countsInFingerprint }
        self.dataSHA256 = dataSHA256
        self.upstream = upstream
        self.files = files
        self.worldSize = worldSize
    }

    /// Hex SHA-256 of a canonical encoding of the inputs: typed (1 ≠ 1.0 ≠ "1", tuple ≠ list),
    /// key order kept (condition_config's order is the draw order).
    public var fingerprint: String {
        var text = "strata-fingerprint 1\nversion \(Canonical.string(strataVersion))\nstage \(Canonical.string(stage))\n"
        text += "data \(dataSHA256 ?? "none")\nupstream \(upstream ?? "none")\n"
        // Lines that appear only when they say something, so that fingerprints of single-process
        // runs without such files stay what they were.
        for file in files { text += "file \(Canonical.string(file.label)) \(file.sha256)\n" }
        if worldSize != 1 { text += "world \(worldSize)\n" }
        for value in values {
            text += "\(Canonical.string(value.path)) = "
            Canonical.encode(value.value, into: &text)
            text += "\n"
        }
        return Hex.sha256(Data(text.utf8))
    }
}

enum Canonical {
    static func string(_ text: String) -> String { "s\(text.utf8.count):\(text)" }

    static func encode(_ value: ConfigValue, into out: inout String) {
        switch value {
        case .null: out += "n"
        case .bool(let flag): out += flag ? "T" : "F"
        case .int(let number): out += "i\(number)"
        // The bit pattern: two floats are the same setting exactly when they are the same double.
        case .float(let number): out += "f" + String(number.bitPattern, radix: 16)
        case .string(let text): out += string(text)
        case .timestamp(let text): out += "t" + string(text)
        case .list(let items): sequence("[", items, "]", into: &out)
        case .tuple(let items): sequence("(", items, ")", into: &out)
        case .mapping(let entries):
            out += "{"
            for (key, node) in entries {
                switch key {
                case .int(let number): out += "i\(number)"
                case .string(let text): out += string(text)
                }
                out += ":"
                encode(node.value, into: &out)
                out += ","
            }
            out += "}"
        }
    }

    private static func sequence(_ open: String, _ items: [ConfigNode], _ close: String, into out: inout String) {
        out += open
        for item in items {
            encode(item.value, into: &out)
            out += ","
        }
        out += close
    }
}

enum Hex {
    static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func sha256(_ data: Data) -> String { string(SHA256.hash(data: data)) }

    /// SHA-256 of a file's bytes, read in 1 MiB chunks.
    static func sha256(file path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return string(hasher.finalize())
    }
}
