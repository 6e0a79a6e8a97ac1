#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with a table file; names the file and, where it applies, the line.
public struct TableError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

private let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

/// Streams RFC 4180 records from a file: fields separated by commas, optionally quoted with `"`,
/// quotes doubled inside quoted fields, commas and line breaks allowed inside quotes, records ended
/// by LF or CRLF. Reads in 1 MiB blocks, so memory does not grow with the file (a block grows only
/// to hold a single record longer than it). A UTF-8 byte order mark at the start is skipped. A stray
/// quote inside an unquoted field is kept as text, as pandas does.
///
/// Speed: a record is parsed from raw bytes with pointer loops on local variables (class properties
/// are read and written once per record, since every access to them costs a runtime exclusivity
/// check), and each field becomes a `String` with one validated copy. A record cut by the end of the
/// block is parsed again after the block is refilled, which happens once per block.
public final class CSVReader {
    public let path: String
    /// The line on which the record returned last started (1-based), for error messages.
    public private(set) var recordLine = 0

    private let descriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Unparsed bytes are `buffer[position..<end]`.
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    /// Fields in the last record, so the next record's array is allocated once at the right size.
    private var fieldCountHint = 8
    /// Bytes of a field that is not a plain slice of the block (doubled quotes, text after the closing quote).
    private var scratch: [UInt8] = []

    public init(path: String, blockSize: Int = 1 << 20) throws {
        self.path = path
        capacity = max(blockSize, 16)
        buffer = .allocate(capacity: capacity)
        descriptor = open(path, O_RDONLY)
        // Every property is set by now, so a throw from here on runs `deinit`, which frees the block.
        guard descriptor >= 0 else {
            throw TableError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        try refill()
        if end - position >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        buffer.deallocate()
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws -> [String]? {
        while true {
            switch try parseRecord() {
            case .record(let fields): return fields
            case .endOfFile: return nil
            case .needMoreBytes: try refill()
            }
        }
    }

    private enum Attempt {
        case record([String])
        case needMoreBytes
        case endOfFile
    }

    /// Parses one record from the buffered bytes, or says that the block ends before the record does.
    private func parseRecord() throws -> Attempt {
        let base = buffer, end = end, atEOF = atEOF
        var p = position, line = line
        while p < end, base[p] == lineFeed || base[p] == carriageReturn {
            if base[p] == lineFeed { line += 1 }
            p += 1
        }
        // Skipped blank lines stay skipped whatever follows them.
        position = p
        self.line = line
        if p == end { return atEOF ? .endOfFile : .needMoreBytes }

        let startLine = line
        var fields: [String] = []
        fields.reserveCapacity(fieldCountHint)
        while true {
            var q = p
            let value: String
            if q < end, base[q] == quote {
                let fieldLine = line
                let contentStart = q + 1
                var closing = contentStart
                var doubled = false
                while true {
                    guard let found = memchr(base + closing, Int32(quote), end - closing) else {
                        guard atEOF else { return .needMoreBytes }
                        recordLine = startLine
                        throw TableError(path: path, line: fieldLine, message: "a quoted field is not closed before the end of the file")
                    }
                    closing = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    // A quote at the end of the block may be the first of a doubled pair.
                    if closing + 1 == end, !atEOF { return .needMoreBytes }
                    guard closing + 1 < end, base[closing + 1] == quote else { break }
                    doubled = true
                    closing += 2
                }
                line += countLineFeeds(base + contentStart, closing - contentStart)
                // After the closing quote: a separator, a newline, the end, or (leniently) more text.
                let tailStart = closing + 1
                q = scanUnquoted(base, from: tailStart, to: end)
                if doubled || q > tailStart {
                    scratch.removeAll(keepingCapacity: true)
                    var i = contentStart
                    while i < closing {
                        scratch.append(base[i])
                        i += base[i] == quote ? 2 : 1
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(start: base + tailStart, count: q - tailStart))
                    value = scratch.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
                } else {
                    value = String(decoding: UnsafeBufferPointer(start: base + contentStart, count: closing - contentStart), as: UTF8.self)
                }
            } else {
                q = scanUnquoted(base, from: q, to: end)
                value = String(decoding: UnsafeBufferPointer(start: base + p, count: q - p), as: UTF8.self)
            }
            // What ended the field: the end of the file, a comma, LF, CRLF or a lone CR.
            if q == end {
                guard atEOF else { return .needMoreBytes }
                fields.append(value)
                p = q
                break
            }
            fields.append(value)
            let terminator = base[q]
            if terminator == comma { p = q + 1; continue }
            if terminator == lineFeed { p = q + 1; line += 1; break }
            if q + 1 == end, !atEOF { return .needMoreBytes }
            if q + 1 < end, base[q + 1] == lineFeed { p = q + 2; line += 1 } else { p = q + 1 }
            break
        }
        position = p
        self.line = line
        recordLine = startLine
        fieldCountHint = fields.count
        return .record(fields)
    }

    /// Moves the unparsed bytes to the front, grows the block if they fill it, and reads more.
    private func refill() throws {
        if position > 0 {
            let remaining = end - position
            if remaining > 0 { memmove(buffer, buffer + position, remaining) }
            position = 0
            end = remaining
        }
        if end == capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        let count = read(descriptor, buffer + end, capacity - end)
        guard count >= 0 else {
            throw TableError(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        if count == 0 { atEOF = true }
        end += count
    }
}

/// The index of the first comma, CR or LF at or after `start`, or `end`.
@inline(__always)
private func scanUnquoted(_ base: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> Int {
    var i = start
    while i < end {
        let byte = base[i]
        // One compare rejects the common case: every byte that can end a field is at most 0x2C.
        if byte <= comma, byte == comma || byte == lineFeed || byte == carriageReturn { return i }
        i += 1
    }
    return end
}

@inline(__always)
private func countLineFeeds(_ start: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    var lines = 0
    for i in 0..<count where start[i] == lineFeed { lines += 1 }
    return lines
}
