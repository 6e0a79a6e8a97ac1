/// The layout every generated sbatch script shares: the shebang, a comment header saying what the
/// job does, the `#SBATCH` lines (sbatch reads them only before the first command), strict mode,
/// the working directory, then the commands.
public struct BatchScript: Sendable {
    /// Comment lines (without `#`).
    public var description: [String]
    public var resources: SlurmResources
    /// Absolute; every relative path in the commands is relative to it.
    public var workingDirectory: String
    /// Shell lines, already quoted.
    public var body: [String]

    public init(description: [String], resources: SlurmResources, workingDirectory: String, body: [String]) {
        self.description = description
        self.resources = resources
        self.workingDirectory = workingDirectory
        self.body = body
    }

    public var text: String {
        var lines = ["#!/bin/bash"]
        lines += description.map { $0.isEmpty ? "#" : "# " + $0 }
        lines += resources.headerLines()
        lines += ["", "set -euo pipefail", "cd " + ShellQuoting.word(workingDirectory), ""]
        lines += body
        return lines.joined(separator: "\n") + "\n"
    }
}
