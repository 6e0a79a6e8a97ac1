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

/// Streams RFC 4180 records from a file: fields separated by commas, optionally quoted with `"`,
/// quotes doubled inside quoted fields, commas and line breaks allowed inside quotes, records ended
/// by LF or CRLF. Reads in 1 MiB blocks, so memory does not grow with the file. A UTF-8 byte order
/// mark at the start is skipped. A stray quote inside an unquoted field is kept as text, as pandas does.
public final class CSVReader {
    public let path: String
    /// The line on which the record returned last started (1-based), for error messages.
    public private(set) var recordLine = 0

    private let descriptor: Int32
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private var field: [UInt8] = []

    public init(path: String, blockSize: Int = 1 << 20) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw TableError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        buffer = [UInt8](repeating: 0, count: max(blockSize, 16))
        try fill()
        if end - position >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
    }

    deinit { close(descriptor) }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws -> [String]? {
        while true {
            guard let byte = try peek() else { return nil }
            if byte == 0x0A { position += 1; line += 1; continue }
            if byte == 0x0D { position += 1; continue }
            break
        }
        recordLine = line
        var fields: [String] = []
        while true {
            let (value, terminator) = try readField()
            fields.append(value)
            if terminator != 0x2C { return fields }
        }
    }

    /// Reads one field; returns it and what ended it: a comma, a newline, or nil for end of file.
    private func readField() throws -> (String, UInt8?) {
        field.removeAll(keepingCapacity: true)
        if try peek() == 0x22 {
            position += 1
            let startLine = line
            while true {
                guard let byte = try peek() else {
                    throw TableError(path: path, line: startLine, message: "a quoted field is not closed before the end of the file")
                }
                position += 1
                if byte == 0x22 {
                    if try peek() == 0x22 { position += 1; field.append(0x22); continue }
                    break
                }
                if byte == 0x0A { line += 1 }
                field.append(byte)
            }
            // After the closing quote: a separator, a newline, the end, or (leniently) more text.
        }
        while true {
            guard let byte = try peek() else { return (text(), nil) }
            position += 1
            switch byte {
            case 0x2C: return (text(), 0x2C)
            case 0x0A: line += 1; return (text(), 0x0A)
            case 0x0D:
                if try peek() == 0x0A { position += 1; line += 1 }
                return (text(), 0x0A)
            default: field.append(byte)
            }
        }
    }

    private func text() -> String { String(decoding: field, as: UTF8.self) }

    @inline(__always)
    private func peek() throws -> UInt8? {
        if position < end { return buffer[position] }
        if atEOF { return nil }
        try fill()
        return position < end ? buffer[position] : nil
    }

    private func fill() throws {
        position = 0
        end = 0
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else {
            throw TableError(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        if count == 0 { atEOF = true }
        end = count
    }
}
