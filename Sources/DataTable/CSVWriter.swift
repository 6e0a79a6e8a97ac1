/// Writes RFC 4180 records atomically (see `AtomicFile`). Fields are quoted only when they must be
/// (a comma, quote, CR or LF inside, as pandas writes them); records end with LF.
public final class CSVWriter {
    private let file: AtomicFile

    public var path: String { file.path }

    public init(path: String) throws {
        file = try AtomicFile(path: path)
    }

    public func write(_ fields: [String]) throws {
        // Room for the worst case (every byte a quote, doubled, plus the enclosing quotes), so the
        // record is encoded straight into the output buffer with no per-byte bounds or growth checks.
        var bound = fields.count + 1
        for value in fields { bound += 2 * value.utf8.count + 2 }
        file.withSpace(bound) { out in
            var written = 0
            for index in fields.indices {
                if index > 0 { out[written] = comma; written += 1 }
                var value = fields[index]
                written += value.withUTF8 { encode($0, into: out + written) }
            }
            out[written] = lineFeed
            return written + 1
        }
        try file.flushIfLarge()
    }

    /// Flushes, closes and renames the file into place.
    public func commit() throws { try file.commit() }
}

private let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

/// Writes one field, quoted only if needed; returns the number of bytes written.
@inline(__always)
private func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
    let needsQuotes = bytes.contains { $0 <= comma && ($0 == comma || $0 == quote || $0 == lineFeed || $0 == carriageReturn) }
    guard needsQuotes else {
        if let base = bytes.baseAddress { out.update(from: base, count: bytes.count) }
        return bytes.count
    }
    var written = 0
    out[written] = quote; written += 1
    for byte in bytes {
        if byte == quote { out[written] = quote; written += 1 }
        out[written] = byte; written += 1
    }
    out[written] = quote; written += 1
    return written
}
