import Foundation

/// What the end-to-end tests that train share: a fresh scratch folder, and an experiment file
/// that runs the shipped stage configs at tiny sizes on a demo table.
enum TinyExperiment {
    /// A new empty folder under the temporary directory (the caller removes it).
    static func scratchFolder(_ label: String) throws -> String {
        let folder = NSTemporaryDirectory() + "strata-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The experiment `name` over `table`: a one-block, 16-wide model with an 8-token text
    /// encoder plus `model` (more model keys, e.g. "text_conditioning: in_context"), then the
    /// `overlay` every stage gets (YAML as at a file's top level), and for each stage of `buckets`
    /// its own 32px bucket table: (frames, batch size) entries, every one kept.
    static func yaml(
        _ name: String, table: String, model: String = "", overlay: String, buckets: [(stage: String, entries: [(frames: Int, batch: Int)])]
    ) -> String {
        var lines = [
            "experiment: \(name)",
            "configs: \(DemoChainTests.repository)/configs/train",
            "overlay:",
            "  dataset: {data_path: \"\(table)\"}",
            "  model: {hidden_size: 16, depth: 1, num_heads: 2\(model.isEmpty ? "" : ", " + model)}",
            "  text_encoder: {dim: 16, max_length: 8}",
        ]
        lines += overlay.split(separator: "\n").map { "  " + $0 }
        lines.append("stages:")
        for (stage, entries) in buckets {
            lines += ["  \(stage):", "    overlay:", "      bucket_config:", "        _delete_: true", "        32px:"]
            lines += entries.map { "          \($0.frames): !!python/tuple [1.0, \($0.batch)]" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
