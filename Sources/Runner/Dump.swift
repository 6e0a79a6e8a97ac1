import ArgumentParser
import ConfigLang

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a resolved config: its bases merged, references resolved.",
        discussion: """
            YAML output keeps integer keys and tuples (as !!python/tuple). JSON output follows \
            Python's json module, as mmengine's JSON dump does: tuples become arrays, integer keys \
            become strings, and NaN/Infinity are written as Python writes them.

            Examples:
              strata dump configs/train/stage1.yaml --format json
              strata dump configs/train/stage1.yaml --lr 1e-4 --model.depth=4 bucket_config.32px.5="(1.0, 4)"
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case yaml, json
    }

    @OptionGroup var source: ConfigSource

    @Option(help: "Output format: yaml or json.")
    var format: Format = .yaml

    func run() throws {
        let resolved = try source.load()
        switch format {
        case .yaml: print(YAMLWriter.write(resolved.root), terminator: "")
        case .json: print(try JSONWriter.write(resolved.root), terminator: "")
        }
    }
}
