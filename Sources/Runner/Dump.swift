import ArgumentParser
import ConfigLang

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a resolved config.",
        discussion: "Example: strata dump configs/train/stage1.yaml --format json"
    )

    @Argument(help: "The config file (.yaml, .yml, .json or .py).")
    var config: String

    func run() throws {
        print(config)
    }
}
