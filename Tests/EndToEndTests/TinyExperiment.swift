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
    /// `overlay` every stage gets and the `stages` block, each written as at the top level of a
    /// YAML file (they are indented here).
    static func yaml(_ name: String, table: String, model: String = "", overlay: String, stages: String) -> String {
        func indented(_ block: String) -> [String] {
            block.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        let header = [
            "experiment: \(name)",
            "configs: \(DemoChainTests.repository)/configs/train",
            "overlay:",
            "  dataset: {data_path: \"\(table)\"}",
            "  model: {hidden_size: 16, depth: 1, num_heads: 2\(model.isEmpty ? "" : ", " + model)}",
            "  text_encoder: {dim: 16, max_length: 8}",
        ]
        return (header + indented(overlay) + ["stages:"] + indented(stages)).joined(separator: "\n") + "\n"
    }
}
