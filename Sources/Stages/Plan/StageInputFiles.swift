import ConfigLang
import DataTable
import Foundation

/// The files a stage reads besides its dataset table, hashed by content for its fingerprint: the
/// weights it starts from (`model.from_pretrained`, a file or a checkpoint folder), and the
/// precomputed latents and text embeddings the table names (strata's `precomputed` encoders,
/// Open-Sora's `cached_video_text`). Overwriting any of them makes the stage stale.
struct StageInputFiles {
    var hashes: FileHashes

    /// `(what, sha256)` in a fixed order; `missing` for a named file that does not exist (it
    /// counts: the fingerprint changes when it appears).
    func hashes(of stage: ResolvedStage, table: String?) -> [(label: String, sha256: String)] {
        var out: [(String, String)] = []
        if case .string(let path)? = stage.value("model.from_pretrained")?.value, FileManager.default.fileExists(atPath: path) {
            out.append(("model.from_pretrained", (try? hashes.sha256(of: path)) ?? "unreadable"))
        }
        for (label, column) in precomputedColumns(of: stage) {
            guard let table else { continue }
            out.append((label, columnHash(table: table, column: column)))
        }
        if case .string(let path)? = stage.value("text_encoder.null_path")?.value {
            out.append(("text_encoder.null_path", (try? hashes.sha256(of: path)) ?? "missing"))
        }
        return out
    }

    /// The table columns that name files the stage reads.
    private func precomputedColumns(of stage: ResolvedStage) -> [(String, String)] {
        var columns: [(String, String)] = []
        for component in ["ae", "text_encoder"] {
            guard case .string("precomputed")? = stage.value("\(component).type")?.value else { continue }
            if case .string(let column)? = stage.value("\(component).column")?.value { columns.append(("\(component) files (column \(column))", column)) }
        }
        if case .string("cached_video_text")? = stage.value("dataset.type")?.value {
            for column in ["latents_path", "text_t5_path", "text_clip_path"] { columns.append(("dataset files (column \(column))", column)) }
        }
        return columns
    }

    /// One hash over every file a column names, in row order (paths relative to the table's folder).
    private func columnHash(table: String, column: String) -> String {
        guard let reader = try? CSVReader(path: table), let header = try? reader.next(), let index = header.firstIndex(of: column) else {
            return "no column"
        }
        let folder = (table as NSString).deletingLastPathComponent
        var listing = ""
        while let row = try? reader.next() {
            guard index < row.count, !row[index].isEmpty else { listing += "-\n"; continue }
            let name = row[index]
            let path = name.hasPrefix("/") || folder.isEmpty ? name : folder + "/" + name
            listing += "\(name.utf8.count):\(name) \((try? hashes.sha256(of: path)) ?? "missing")\n"
        }
        return Hex.sha256(Data(listing.utf8))
    }
}
