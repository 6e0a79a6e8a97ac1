import ConfigLang
import Foundation

/// Writes config text to a fresh temporary folder and loads it, as a user's file would be.
func loadConfig(_ text: String, name: String = "config.yaml", overrides: [Override] = []) throws -> ResolvedConfig {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-buckets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try ConfigLoader().load(path, overrides: overrides)
}
