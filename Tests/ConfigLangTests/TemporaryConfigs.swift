import Foundation

/// A throwaway folder of config files for a test; removed when the value is released.
final class TemporaryConfigs {
    let directory: String

    init(_ files: [String: String]) throws {
        directory = NSTemporaryDirectory() + "strata-test-" + UUID().uuidString
        for (name, text) in files {
            let path = directory + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    func path(_ name: String) -> String { directory + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// The repository root, for tests that read shipped files.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
