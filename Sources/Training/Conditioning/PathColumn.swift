import DataTable
import Tensor

/// A table column holding one file path per sample (Open-Sora's cached mode: `latents_path`,
/// `text_t5_path`, `text_clip_path`), resolved against the table's folder as `path` is.
public struct PathColumn: Sendable {
    public let column: String
    public let tablePath: String
    private let index: Int
    private let folder: String

    public init(column: String, header: TableHeader, tablePath: String) throws {
        guard let index = header.index(of: column) else {
            throw ConditioningError("\(tablePath): no '\(column)' column; the header has \(header.names.joined(separator: ", "))")
        }
        self.column = column
        self.tablePath = tablePath
        self.index = index
        folder = parentFolder(of: tablePath)
    }

    /// The resolved path of `row`; an empty cell is an error naming the table line.
    public func path(in row: TableRow) throws -> String {
        let value = row[index]
        guard !value.isEmpty else {
            throw ConditioningError("\(tablePath):\(row.line): the '\(column)' cell is empty; expected a .safetensors path")
        }
        return resolvePath(value, relativeTo: folder)
    }

    /// The row's file, read, and a description of where it came from for messages.
    func file(in row: TableRow) throws -> (file: SafetensorsFile, origin: String) {
        let path = try path(in: row)
        return (try SafetensorsFile.read(path), origin(path, row))
    }

    /// "FILE (row R of TABLE, line L)": R counts data rows from 0, as the sampler's row numbers do.
    func origin(_ path: String, _ row: TableRow) -> String {
        "\(path) (row \(row.index) of \(tablePath), line \(row.line))"
    }
}

/// The tensor `key` of `file`, or its only tensor when it has no `key`.
func tensor(named key: String, in file: SafetensorsFile, origin: String) throws -> Tensor {
    if let tensor = file[key] { return tensor }
    if file.tensors.count == 1 { return file.tensors.values.first! }
    throw ConditioningError("\(origin): no tensor '\(key)'; the file has \(file.sortedNames.joined(separator: ", "))")
}
