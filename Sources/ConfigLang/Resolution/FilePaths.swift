import Foundation

/// Path arithmetic for config files, done lexically (no symlink resolution), as mmengine joins
/// `_base_` entries with `os.path.join(dirname(naming_file), entry)`.
enum FilePaths {
    /// `entry` joined to the directory of `namingFile`; an absolute entry stays as it is.
    static func base(_ entry: String, namedBy namingFile: String) -> String {
        if entry.hasPrefix("/") { return normalized(entry) }
        let directory = (namingFile as NSString).deletingLastPathComponent
        return normalized(directory.isEmpty ? entry : directory + "/" + entry)
    }

    /// Removes `.` and `x/..` pairs while keeping the path relative if it was (leading `..` stay),
    /// so messages show `configs/image.yaml` rather than `configs/train/../image.yaml`.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The absolute form, used to recognise the same file reached by two spellings.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalized(path) }
        return normalized(FileManager.default.currentDirectoryPath + "/" + path)
    }
}
