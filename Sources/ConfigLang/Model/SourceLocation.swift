/// A position in a config source, 1-based as editors show it.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file as the user named it (relative paths stay relative so messages stay short).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// Where a layer of configuration came from.
public enum Origin: Hashable, Sendable, CustomStringConvertible {
    /// A config file, at the node's position.
    case file(SourceLocation)
    /// A command-line argument: its 1-based position among the arguments and its text.
    case argument(index: Int, text: String)
    /// An experiment file's overlay, at the node's position.
    case experiment(SourceLocation)
    /// Produced by strata itself (a default, a computed value).
    case builtin(String)

    public var description: String {
        switch self {
        case .file(let location): return location.description
        case .argument(let index, let text):
            // A pasted value can be megabytes: messages show its start.
            return "argument \(index): " + (text.count > 160 ? text.prefix(150) + "… (\(text.count) characters)" : text)
        case .experiment(let location): return "\(location) (experiment)"
        case .builtin(let why): return "<\(why)>"
        }
    }

    /// The source position, when the origin is a place in a file.
    public var location: SourceLocation? {
        switch self {
        case .file(let location), .experiment(let location): return location
        case .argument, .builtin: return nil
        }
    }
}
