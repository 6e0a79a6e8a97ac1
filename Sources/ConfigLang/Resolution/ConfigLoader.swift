import Foundation

/// Loads a config file and everything it inherits, with mmengine 0.10.7's semantics and our
/// documented differences (docs/config-language.md).
///
/// ```swift
/// let config = try ConfigLoader().load("configs/train/stage1.yaml")
/// ```
public struct ConfigLoader: Sendable {
    /// The variables `{{$NAME:default}}` reads.
    public var environment: [String: String]
    /// The keys the config's consumer reads beyond what the files set: overrides may set them
    /// without `+` (nil: overrides are checked against the files alone).
    public var keySchema: (any KeySchema)?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, keySchema: (any KeySchema)? = nil) {
        self.environment = environment
        self.keySchema = keySchema
    }

    /// Top-level keys mmengine's `Config` reserves for itself.
    static let reservedKeys: Set<String> = ["filename", "text", "pretty_text", "env_variables"]

    /// Loads `path` and its bases and resolves late-bound `${a.b}` references.
    public func load(_ path: String) throws -> ResolvedConfig {
        var config = try loadLayers(path)
        config.root = try LateReferences.resolve(config.root)
        return config
    }

    /// Loads `path` and its bases, applies the command-line overrides, then resolves late-bound
    /// `${a.b}` references (so references follow overrides).
    public func load(_ path: String, overrides: [Override]) throws -> ResolvedConfig {
        var config = try loadLayers(path)
        let (root, warnings) = try OverrideApplication.apply(overrides, to: config.root, schema: keySchema)
        config.root = try LateReferences.resolve(root)
        config.warnings = warnings
        return config
    }

    /// Loads `path` and its bases without resolving `${a.b}` references, so that further layers
    /// (experiment overlays, command-line overrides) can go on top first.
    public func loadLayers(_ path: String) throws -> ResolvedConfig {
        var files: [String] = []
        let root = try loadFile(FilePaths.normalized(path), namedAt: nil, chain: [], files: &files)
        if case .mapping(let entries) = root.value {
            for (key, node) in entries {
                if case .string(let name) = key, Self.reservedKeys.contains(name) {
                    throw ConfigError(.reservedKey, "'\(name)' is a reserved top-level key; choose another name", at: node.keyLocation ?? node.location)
                }
            }
        }
        return ResolvedConfig(root: root, files: files)
    }

    /// One file: substitute, parse, load its bases, merge itself into them.
    private func loadFile(_ path: String, namedAt: SourceLocation?, chain: [String], files: inout [String]) throws -> ConfigNode {
        let (document, absolute, substituted) = try readDocument(path, namedAt: namedAt, chain: chain, files: &files)
        if case .python(let file) = document, file.isLazy {
            let module = try lazyModule(file, path: path, absolute: absolute, substituted: substituted, chain: chain, files: &files)
            let config = try PythonConfigFile.config(of: module, at: SourceLocation(file: path, line: 1, column: 1))
            guard case .mapping(let entries) = config.value else { return config }
            return ConfigNode(.mapping(try Merge.mapping(entries, into: [:])), location: config.location)
        }

        var base: ConfigMapping? = nil
        if let spec = try document.baseDeclaration() {
            let entries = try baseEntries(spec, in: path)
            if !entries.isEmpty {
                var combined = ConfigMapping()
                var ownerOfKey: [ConfigKey: (file: String, location: SourceLocation?)] = [:]
                for (entry, location) in entries {
                    let basePath = FilePaths.base(entry, namedBy: path)
                    let baseRoot = try loadFile(basePath, namedAt: location, chain: chain + [absolute], files: &files)
                    guard case .mapping(let baseEntries) = baseRoot.value else { continue }
                    for (key, node) in baseEntries {
                        if let owner = ownerOfKey[key] {
                            throw ConfigError(
                                .duplicateBaseKey,
                                "bases '\(owner.file)' and '\(basePath)' both set the top-level key '\(key)'; bases must not share keys",
                                at: location,
                                notes: [.init("'\(key)' in '\(owner.file)'", at: owner.location),
                                        .init("'\(key)' in '\(basePath)'", at: node.keyLocation ?? node.location)])
                        }
                        ownerOfKey[key] = (basePath, node.keyLocation ?? node.location)
                        combined[key] = node
                    }
                }
                base = combined
            }
        }

        let baseNode = base.map { ConfigNode(.mapping($0), location: nil, history: []) }
        let evaluated = try document.bodyChangingBase(base: baseNode)
        var own = evaluated.own
        if base != nil, case .mapping(let changed)? = evaluated.base?.value { base = changed }
        guard case .mapping(var entries) = own.value else {
            throw ConfigError(.notAMapping, "the top level of '\(path)' must be a mapping, found a \(own.value.kindName)", at: own.location)
        }
        entries.removeValue(forKey: "_base_")
        entries.removeValue(forKey: "_deprecation_")
        for (key, node) in entries {
            if case .int = key {
                throw ConfigError(.nonStringTopLevelKey, "top-level keys must be strings, found the integer key \(key)", at: node.keyLocation ?? node.location)
            }
        }
        own.value = .mapping(entries)
        own = try BaseReferences.substitute(substituted.baseReferences, in: own, base: base)

        guard case .mapping(let ownEntries) = own.value else { return own }
        var merged = try Merge.mapping(ownEntries, into: base ?? [:])
        // Python dunder names (`__x`) are the file's own business, never config.
        for key in merged.keys where key.stringValue?.hasPrefix("__") == true {
            merged.removeValue(forKey: key)
        }
        return ConfigNode(.mapping(merged), location: SourceLocation(file: path, line: 1, column: 1))
    }

    /// Reads and parses one file (after mmengine's text substitutions), refusing cycles.
    func readDocument(_ path: String, namedAt: SourceLocation?, chain: [String], files: inout [String]) throws -> (ParsedDocument, String, TextSubstitution) {
        guard let format = ConfigFormat(path: path) else {
            throw ConfigError(.unsupportedFormat, "'\(path)' is not a config file: expected .yaml, .yml, .json or .py", at: namedAt)
        }
        let absolute = FilePaths.absolute(path)
        if let start = chain.firstIndex(of: absolute) {
            let cycle = (chain[start...] + [absolute]).map { relativeForDisplay($0) }
            throw ConfigError(.baseCycle, "cycle of bases: " + cycle.joined(separator: " → "), at: namedAt)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ConfigError(.missingFile, "config file '\(path)' does not exist", at: namedAt)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.io, "cannot read '\(path)'", at: namedAt)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.io, "'\(path)' is not valid UTF-8 text", at: namedAt)
        }
        files.append(path)
        let substituted = try TextSubstitution(text: text, displayPath: path, absolutePath: absolute, environment: environment)
        let document: ParsedDocument
        do {
            document = try ParsedDocument(format: format, source: substituted.source)
        } catch var error as ConfigError {
            // A `{{ _base_.x }}` becomes a quoted placeholder before parsing (as in mmengine), which
            // breaks the syntax when it stands inside a string; say so at the reference.
            for reference in substituted.baseReferences where reference.location.line == error.location?.line {
                error.notes.append(.init("{{ _base_.\(reference.path) }} is replaced by a quoted value before parsing, so it must be a whole value", at: reference.location))
            }
            throw error
        }
        return (document, absolute, substituted)
    }

    /// The `_base_` declaration as a list of (relative path, location).
    private func baseEntries(_ spec: ConfigNode, in path: String) throws -> [(String, SourceLocation?)] {
        switch spec.value {
        case .string(let single):
            return [(single, spec.location)]
        case .list(let items):
            return try items.map { item in
                guard case .string(let entry) = item.value else {
                    throw ConfigError(.invalidBaseSpec, "each `_base_` entry must be a file path string, found a \(item.value.kindName)", at: item.location)
                }
                return (entry, item.location)
            }
        default:
            throw ConfigError(.invalidBaseSpec, "`_base_` must be a file path or a list of file paths, found a \(spec.value.kindName)", at: spec.location)
        }
    }

    private func relativeForDisplay(_ absolute: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return absolute.hasPrefix(cwd) ? String(absolute.dropFirst(cwd.count)) : absolute
    }
}

/// A loaded config: the resolved tree and the files it was read from, entry first.
public struct ResolvedConfig: Sendable {
    public var root: ConfigNode
    /// Every file read, in the order they were opened (the entry file first).
    public var files: [String]
    /// Things the user should know that do not stop the load (an override that derived values
    /// do not follow).
    public var warnings: [String]

    public init(root: ConfigNode, files: [String], warnings: [String] = []) {
        self.root = root
        self.files = files
        self.warnings = warnings
    }
}
