import Foundation
import Testing
@testable import Tensor

@Suite struct SafetensorsTests {
    struct Expected: Decodable { var shape: [Int]; var values: [Float] }

    @Test func readsEveryDtypeThePythonLibraryWrote() throws {
        let file = try SafetensorsFile.decode(pythonSafetensorsBytes, path: "python.safetensors")
        let expected = try JSONDecoder().decode([String: Expected].self, from: Data(pythonSafetensorsExpected.utf8))
        #expect(file.metadata == ["format": "pt"])
        #expect(Set(file.tensors.keys) == Set(expected.keys))
        for (name, reference) in expected {
            let tensor = try #require(file[name])
            #expect(tensor.shape == reference.shape, "\(name)")
            // Bit patterns, so -0.0 and the rounding of F64 to Float are checked too.
            #expect(tensor.data.map(\.bitPattern) == reference.values.map(\.bitPattern), "\(name)")
        }
    }

    @Test func writesTheSameBytesAsThePythonLibrary() throws {
        let python = try SafetensorsFile.decode(pythonF32OnlyBytes, path: "f32.safetensors")
        #expect(python.sortedNames == ["alpha.weight", "zeta.bias"])
        #expect(python.encoded() == pythonF32OnlyBytes)
    }

    @Test func roundTripsThroughAFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/weights.safetensors"
        let file = SafetensorsFile(tensors: [
            "b": Tensor(shape: [2, 3], data: [1, -2, 3.25, .infinity, -0.0, Float(bitPattern: 1)]),
            "a": Tensor(shape: [], data: [7]),
            "empty": Tensor(shape: [0, 4]),
            "ünïcode \"quoted\"\n": Tensor(shape: [1], data: [.nan]),
        ], metadata: ["format": "pt", "step": "12"])
        try file.write(to: path)
        let read = try SafetensorsFile.read(path)
        #expect(read.metadata == file.metadata)
        #expect(read.tensors.keys.sorted() == file.tensors.keys.sorted())
        for (name, tensor) in file.tensors {
            #expect(read[name]?.shape == tensor.shape)
            #expect(read[name]?.data.map(\.bitPattern) == tensor.data.map(\.bitPattern))
        }
        // Header padded to 8 bytes, as the Python library does, so tensor data is aligned.
        let bytes = file.encoded()
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(headerLength % 8 == 0)
        // Only the file itself is left in the folder: the temporary file was renamed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["weights.safetensors"])
    }

    func failure(_ bytes: [UInt8]) -> String? {
        do {
            _ = try SafetensorsFile.decode(bytes, path: "ckpt/model.safetensors")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func corruptFilesFailNamingTheFile() throws {
        let good = pythonF32OnlyBytes
        let cases: [(String, [UInt8])] = [
            ("truncated to 5 bytes", Array(good.prefix(5))),
            ("runs past the end of the file", Array(good.prefix(40))),
            ("the file is truncated", Array(good.dropLast(4))),
            ("not described by the header", good + [0, 0, 0, 0]),
            ("not valid JSON", { var b = good; b[9] = UInt8(ascii: "x"); return b }()),
            ("does not start with '{'", [4, 0, 0, 0, 0, 0, 0, 0] + Array("[1] ".utf8)),
        ]
        for (phrase, bytes) in cases {
            let message = try #require(failure(bytes), "\(phrase)")
            #expect(message.hasPrefix("ckpt/model.safetensors: "), "\(message)")
            #expect(message.contains(phrase), "\(message)")
        }
        let missing = try TemporaryFolder()
        #expect(throws: FileError.self) { try SafetensorsFile.read(missing.path + "/none.safetensors") }
        #expect(throws: FileError.self) { try SafetensorsFile().write(to: missing.path + "/no/such/folder.safetensors") }
    }

    @Test func rejectsInconsistentOffsets() throws {
        func file(_ header: String, dataBytes: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            appendLittleEndian(UInt64(header.utf8.count), to: &bytes)
            return bytes + Array(header.utf8) + [UInt8](repeating: 0, count: dataBytes)
        }
        let wrongSize = file(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, dataBytes: 4)
        #expect(failure(wrongSize)?.contains("F32 [2] needs 8") == true)
        let overlap = file(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#, dataBytes: 6)
        #expect(failure(overlap)?.contains("contiguous") == true)
        let unknown = file(#"{"x":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#, dataBytes: 8)
        #expect(failure(unknown)?.contains("dtype C64") == true)
    }
}
