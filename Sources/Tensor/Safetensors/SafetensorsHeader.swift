import Foundation

/// The element types of the safetensors format that we can read, with their byte sizes.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
    case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8", bool = "BOOL"

    public var size: Int {
        switch self {
        case .f64, .i64, .u64: 8
        case .f32, .i32, .u32: 4
        case .f16, .bf16, .i16, .u16: 2
        case .i8, .u8, .bool: 1
        }
    }

    /// `count` little-endian elements starting at `start`, converted to Float (F64 and the 64-bit
    /// integers round to nearest).
    func decode(_ bytes: [UInt8], from start: Int, count: Int) -> [Float] {
        #if _endian(little)
        if self == .f32 {  // the file's bytes are the values: one copy
            return [Float](unsafeUninitializedCapacity: count) { values, initialized in
                bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(values).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<start + 4 * count]))
                }
                initialized = count
            }
        }
        #endif
        return bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress! + start
            func load<Value: FixedWidthInteger>(_: Value.Type, _ index: Int) -> Value {
                var value = Value.zero
                withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base + index * MemoryLayout<Value>.size, count: MemoryLayout<Value>.size)) }
                return Value(littleEndian: value)
            }
            return (0..<count).map { index -> Float in
                switch self {
                case .f32: Float(bitPattern: load(UInt32.self, index))
                case .f64: Float(Double(bitPattern: load(UInt64.self, index)))
                case .f16: floatFromHalf(load(UInt16.self, index))
                case .bf16: Float(bitPattern: UInt32(load(UInt16.self, index)) << 16)
                case .i64: Float(load(Int64.self, index))
                case .i32: Float(load(Int32.self, index))
                case .i16: Float(load(Int16.self, index))
                case .i8: Float(load(Int8.self, index))
                case .u64: Float(load(UInt64.self, index))
                case .u32: Float(load(UInt32.self, index))
                case .u16: Float(load(UInt16.self, index))
                case .u8, .bool: Float(load(UInt8.self, index))
                }
            }
        }
    }
}

/// IEEE binary16 to Float, exactly (every half value is a Float). Written out rather than using
/// `Float16`, which is not available on every platform Swift targets.
func floatFromHalf(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = UInt32(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x3FF)
    if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
    if exponent == 0 {
        // Zero or subnormal: mantissa × 2^-24.
        let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
        return sign == 0 ? magnitude : -magnitude
    }
    return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
}

/// The parsed JSON header of a safetensors file.
struct SafetensorsHeader {
    struct Entry {
        var name: String
        var dtype: SafetensorsDType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    var tensors: [Entry] = []
    var metadata: [String: String] = [:]

    static func parse(_ bytes: ArraySlice<UInt8>, failure: (String) -> FileError) throws -> SafetensorsHeader {
        guard bytes.first == UInt8(ascii: "{") else {
            throw failure("the header does not start with '{' (is this a safetensors file?)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw failure("the header is not valid JSON")
        }
        guard let root = object as? [String: Any] else { throw failure("the header is not a JSON object") }

        var header = SafetensorsHeader()
        for (name, value) in root {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw failure("__metadata__ is not an object") }
                for (key, item) in map {
                    guard let text = item as? String else { throw failure("__metadata__ value for '\(key)' is not a string") }
                    header.metadata[key] = text
                }
                continue
            }
            guard let fields = value as? [String: Any] else { throw failure("entry '\(name)' is not an object") }
            guard let dtypeName = fields["dtype"] as? String else { throw failure("tensor '\(name)' has no dtype") }
            guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
                throw failure("tensor '\(name)' has dtype \(dtypeName); readable are \(SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let shape = integers(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw failure("tensor '\(name)' has no valid shape (a list of non-negative integers)")
            }
            guard let offsets = integers(fields["data_offsets"]), offsets.count == 2, offsets[0] >= 0, offsets[1] >= offsets[0] else {
                throw failure("tensor '\(name)' has no valid data_offsets (two increasing non-negative integers)")
            }
            header.tensors.append(Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1]))
        }
        return header
    }

    private static func integers(_ value: Any?) -> [Int]? {
        guard let list = value as? [Any] else { return nil }
        var result: [Int] = []
        for item in list {
            guard let number = item as? NSNumber, let integer = Int(exactly: number.doubleValue) else { return nil }
            // doubleValue is exact below 2^53, far beyond any file we can hold in memory.
            result.append(integer)
        }
        return result
    }
}
