import Foundation

/// What `strata --version` says: the version and the commit strata was built from. The commit is
/// read without running git: from `strata.commit` beside the executable (written at build time by
/// `make`), else from the git metadata of the checkout the executable was built in, else unknown.
public enum BuildInfo {
    public static let version = "0.1.0"

    public static var versionLine: String { "strata \(version) (commit \(commit ?? "unknown"))" }

    public static var commit: String? {
        let directory = (Sibling.path("strata") as NSString).deletingLastPathComponent
        if let recorded = try? String(contentsOfFile: directory + "/strata.commit", encoding: .utf8) {
            let text = recorded.trimmingCharacters(in: .whitespacesAndNewlines)
            if isCommit(text) { return text }
        }
        return checkoutCommit(from: directory)
    }

    /// HEAD of the nearest enclosing checkout (a `.git` folder, or a worktree's `.git` file),
    /// following one symbolic ref through loose refs and packed-refs.
    static func checkoutCommit(from start: String) -> String? {
        var directory = start
        while directory != "/" && !directory.isEmpty {
            let dotGit = directory + "/.git"
            if let gitDirectory = gitDirectory(at: dotGit) { return head(of: gitDirectory) }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return nil
    }

    private static func gitDirectory(at dotGit: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        guard let text = try? String(contentsOfFile: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") else { return nil }
        let path = text.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? path : ((dotGit as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
    }

    private static func head(of gitDirectory: String) -> String? {
        guard let head = read(gitDirectory + "/HEAD") else { return nil }
        guard head.hasPrefix("ref: ") else { return isCommit(head) ? head : nil }
        let ref = String(head.dropFirst("ref: ".count))
        // A worktree keeps its HEAD; refs live in the common directory.
        let common = read(gitDirectory + "/commondir").map { $0.hasPrefix("/") ? $0 : gitDirectory + "/" + $0 } ?? gitDirectory
        for directory in [gitDirectory, common] {
            if let loose = read(directory + "/" + ref), isCommit(loose) { return loose }
        }
        guard let packed = read(common + "/packed-refs") else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            let commit = String(line.prefix { $0 != " " })
            if isCommit(commit) { return commit }
        }
        return nil
    }

    private static func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isCommit(_ text: String) -> Bool {
        text.count == 40 && text.allSatisfy(\.isHexDigit)
    }
}
