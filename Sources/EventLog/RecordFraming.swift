/// TFRecord framing, the container of TensorBoard event files: each record is
/// `uint64 length, uint32 masked_crc32c(length), data, uint32 masked_crc32c(data)`, little-endian.
public enum RecordFraming {
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 16)
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian) { Array($0) }
        out += length
        withUnsafeBytes(of: CRC32C.masked(length).littleEndian) { out += $0 }
        out += data
        withUnsafeBytes(of: CRC32C.masked(data).littleEndian) { out += $0 }
        return out
    }

    public struct Corrupt: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "byte \(offset): \(reason)" }
    }

    /// The records of a file's bytes. A record cut short at the end (a writer that died inside a
    /// write, or one still being written) ends the list without error; a checksum that does not
    /// match is an error at its offset.
    public static func records(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var records: [[UInt8]] = []
        var offset = 0
        func word<T: FixedWidthInteger>(_ type: T.Type, at index: Int) -> T {
            var value: T = 0
            for byte in 0..<MemoryLayout<T>.size { value |= T(bytes[index + byte]) << (8 * byte) }
            return value
        }
        while offset + 12 <= bytes.count {
            let header = Array(bytes[offset..<offset + 8])
            guard word(UInt32.self, at: offset + 8) == CRC32C.masked(header) else {
                throw Corrupt(offset: offset, reason: "the length's checksum does not match (not an event file, or damaged)")
            }
            let length = word(UInt64.self, at: offset)
            guard length <= UInt64(bytes.count - offset - 16) else { break }  // cut short
            let start = offset + 12
            let data = Array(bytes[start..<start + Int(length)])
            guard word(UInt32.self, at: start + Int(length)) == CRC32C.masked(data) else {
                throw Corrupt(offset: offset, reason: "the record's checksum does not match")
            }
            records.append(data)
            offset = start + Int(length) + 4
        }
        return records
    }
}
