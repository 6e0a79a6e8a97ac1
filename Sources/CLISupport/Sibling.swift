import Foundation

/// The executables installed beside strata (strata-data, strata-train), which some verbs replace
/// this process with, and strata itself as generated job scripts name it.
public enum Sibling {
    /// The executable `name` beside this one, found through /proc/self/exe so that strata works
    /// from any directory and through symlinks.
    public static func path(_ name: String) -> String {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return ((own as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }

    /// Replaces this process (exec), so exit codes, signals and standard streams are the sibling's.
    public static func exec(_ path: String, arguments: [String]) -> Never {
        let argv = [path] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        execv(path, &cArguments)
        FileHandle.standardError.write(Data("error: cannot run \(path): \(String(cString: strerror(errno)))\n".utf8))
        Foundation.exit(1)
    }
}
