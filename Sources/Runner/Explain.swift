import ArgumentParser
import CLISupport
import ConfigLang

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show where a config value came from: every layer that set, merged, replaced or deleted it.",
        discussion: """
            For a single value, prints its history oldest first with the source line of each file \
            position; references show what they resolved from. For a subtree, also lists every value \
            below it with the layer that set it.

            Examples:
              strata explain configs/train/stage1_i2v.yaml optim.lr
              strata explain configs/train/stage1.yaml bucket_config --lr 1e-4
            """
    )

    @Argument(help: "The config file (.yaml, .yml, .json or .py).")
    var config: String

    @Argument(help: "The dotted key to explain (e.g. optim.lr, bucket_config.32px.5).")
    var key: String

    @OptionGroup var output: OutputOptions

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Overrides, as for dump.", valueName: "override"))
    var overrides: [String] = []

    func run() throws {
        let resolved = try ConfigSource.load(config, overrideTokens: overrides)
        print(try Explanation(resolved.root, key: key).rendered(), terminator: "")
    }
}
