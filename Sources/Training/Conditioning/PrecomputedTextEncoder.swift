import DataTable
import Tensor

/// Text embeddings computed elsewhere (Open-Sora's `cached_text` mode, whose table column
/// `text_t5_path` names one file per sample). Ours are safetensors files: the tensor `key`
/// (default `text`, or the file's only tensor) is [L, dim] or [1, L, dim]; an optional `mask`
/// tensor [L] (or [1, L]) marks the valid rows, else all L rows count. Longer sequences are cut to
/// `maxLength`, shorter ones padded with zero rows, mask 0.
///
/// The null embedding for classifier-free dropout is read from `nullPath` when given (Open-Sora
/// loads fixed files for it), else it is zero rows with only the first masked in (the shape of
/// an encoded empty caption).
public struct PrecomputedTextEncoder: Sendable {
    public let column: PathColumn
    public let key: String
    public let dim: Int
    public let maxLength: Int
    public let nullEmbedding: TextEmbedding

    public init(column: PathColumn, key: String = "text", dim: Int, maxLength: Int, nullPath: String? = nil) throws {
        precondition(dim > 0 && maxLength > 0, "precomputed text needs dim and max_length above 0")
        self.column = column
        self.key = key
        self.dim = dim
        self.maxLength = maxLength
        if let nullPath {
            let file = try SafetensorsFile.read(nullPath)
            nullEmbedding = try Self.fit(file, key: key, dim: dim, maxLength: maxLength, origin: nullPath)
        } else {
            var mask = Tensor(shape: [maxLength])
            mask.data[0] = 1
            nullEmbedding = TextEmbedding(tokens: Tensor(shape: [maxLength, dim]), mask: mask)
        }
    }

    public func embedding(for row: TableRow) throws -> TextEmbedding {
        let (file, origin) = try column.file(in: row)
        return try Self.fit(file, key: key, dim: dim, maxLength: maxLength, origin: origin)
    }

    /// Squeezes a leading 1, checks `dim`, cuts or pads to `maxLength`.
    static func fit(_ file: SafetensorsFile, key: String, dim: Int, maxLength: Int, origin: String) throws -> TextEmbedding {
        let tensor = try tensor(named: key, in: file, origin: origin)
        let mask = file["mask"]
        let shape = tensor.shape.count == 3 && tensor.shape[0] == 1 ? Array(tensor.shape.dropFirst()) : tensor.shape
        guard shape.count == 2, shape[1] == dim else {
            throw ConditioningError("\(origin): text embedding of shape \(tensor.shape); expected [L, \(dim)] or [1, L, \(dim)]")
        }
        let length = shape[0]
        if let mask, mask.count != length {
            throw ConditioningError("\(origin): mask of shape \(mask.shape) for \(length) embedding rows")
        }
        let kept = min(length, maxLength)
        var tokens = Tensor(shape: [maxLength, dim])
        tokens.data.replaceSubrange(0..<kept * dim, with: tensor.data[0..<kept * dim])
        var fitted = Tensor(shape: [maxLength])
        for row in 0..<kept { fitted.data[row] = (mask?.data[row] ?? 1) != 0 ? 1 : 0 }
        return TextEmbedding(tokens: tokens, mask: fitted)
    }
}
