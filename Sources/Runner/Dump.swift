import ArgumentParser
import CLISupport
import ConfigLang

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a resolved config: its bases merged, references resolved.",
        discussion: """
            YAML output keeps integer keys and tuples (as !!python/tuple). JSON output follows \
            Python's json module, as mmengine's JSON dump does: tuples become arrays, integer keys \
            become strings, and NaN/Infinity are written as Python writes them. Python output (py) \
            is a config file that mmengine's Config.fromfile and strata load to the same dict \
            (top-level keys must be Python names; timestamps cannot be written).

            --origins adds where each value got its final value: a trailing comment \
            (# configs/train/stage1.yaml:12:3) on every one-line value in yaml and py; in json the \
            output becomes {"config": <the config>, "origins": {"a.b": "file:line:col", ...}} with \
            one dotted path per scalar (list items by index).

            --key a.b prints only that part of the config; an all-digit segment indexes a list or \
            names an integer key, as in ${a.b} references.

            Examples:
              strata dump configs/train/stage1.yaml --format json --key optim
              strata dump configs/train/stage1.yaml --lr 1e-4 --model.depth=4 \\
                bucket_config.32px.5="(1.0, 4)"
              strata dump configs/train/stage1.yaml --format py --origins > \\
                stage1_resolved.py
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case yaml, json, py
    }

    @OptionGroup var source: ConfigSource

    @Option(help: "Output format: yaml, json or py.")
    var format: Format = .yaml

    @Flag(help: "Annotate each value with the file:line:col its final value came from.")
    var origins = false

    @Option(help: ArgumentHelp("Print only the subtree at this dotted path.", valueName: "a.b"))
    var key: String?

    func run() throws {
        let resolved = try source.load()
        print(try Self.render(resolved.root, format: format, origins: origins, key: key), terminator: "")
    }

    /// The text `dump` prints for a resolved config.
    static func render(_ root: ConfigNode, format: Format, origins: Bool, key: String?) throws -> String {
        let node = try key.map { try root.descendant(at: $0) } ?? root
        switch format {
        case .yaml: return YAMLWriter.write(node, origins: origins)
        case .json: return origins ? try JSONWriter.writeWithOrigins(node, path: key ?? "") : try JSONWriter.write(node)
        case .py: return try PythonWriter.write(node, origins: origins)
        }
    }
}
