/// Writes RFC 4180 records atomically (see `AtomicFile`). Fields are quoted only when they must be
/// (a comma, quote, CR or LF inside, as pandas writes them); records end with LF.
public final class CSVWriter {
    private let file: AtomicFile

    public var path: String { file.path }

    public init(path: String) throws {
        file = try AtomicFile(path: path)
    }

    public func write(_ fields: [String]) throws {
        for (index, value) in fields.enumerated() {
            if index > 0 { file.append(0x2C) }
            append(value)
        }
        file.append(0x0A)
        try file.flushIfLarge()
    }

    /// Flushes, closes and renames the file into place.
    public func commit() throws { try file.commit() }

    private func append(_ value: String) {
        let utf8 = value.utf8
        guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            file.append(contentsOf: utf8)
            return
        }
        file.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { file.append(0x22) }
            file.append(byte)
        }
        file.append(0x22)
    }
}
