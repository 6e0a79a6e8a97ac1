/// The protobuf wire format, reading side: splits a message into its fields. Unknown fields are
/// kept as they are (the caller skips what it does not know), so a reader of our few messages
/// also reads files that other writers filled with more.
public struct ProtoField: Sendable {
    public enum Value: Sendable {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes([UInt8])
    }

    public var number: Int
    public var value: Value

    var uint: UInt64? { if case let .varint(v) = value { v } else { nil } }
    var int: Int64? { uint.map { Int64(bitPattern: $0) } }
    var double: Double? { if case let .fixed64(v) = value { Double(bitPattern: v) } else { nil } }
    var float: Float? { if case let .fixed32(v) = value { Float(bitPattern: v) } else { nil } }
    var data: [UInt8]? { if case let .bytes(v) = value { v } else { nil } }
    var text: String? { data.map { String(decoding: $0, as: UTF8.self) } }
}

public struct ProtoDecodingError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

enum ProtoReader {
    static func fields(_ bytes: [UInt8]) throws -> [ProtoField] {
        var fields: [ProtoField] = []
        var index = 0
        func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.count, shift < 64 else { throw ProtoDecodingError(description: "truncated varint at byte \(index)") }
                let byte = bytes[index]
                index += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }
        func fixed(_ count: Int) throws -> UInt64 {
            guard index + count <= bytes.count else { throw ProtoDecodingError(description: "truncated fixed\(count * 8) at byte \(index)") }
            var result: UInt64 = 0
            for offset in 0..<count { result |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
            index += count
            return result
        }
        while index < bytes.count {
            let key = try varint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: fields.append(ProtoField(number: number, value: .varint(try varint())))
            case 1: fields.append(ProtoField(number: number, value: .fixed64(try fixed(8))))
            case 5: fields.append(ProtoField(number: number, value: .fixed32(UInt32(try fixed(4)))))
            case 2:
                let length = Int(try varint())
                guard length >= 0, index + length <= bytes.count else {
                    throw ProtoDecodingError(description: "field \(number): \(length) bytes announced, \(bytes.count - index) left")
                }
                fields.append(ProtoField(number: number, value: .bytes(Array(bytes[index..<index + length]))))
                index += length
            default:
                throw ProtoDecodingError(description: "field \(number): unsupported wire type \(key & 7)")
            }
        }
        return fields
    }
}
