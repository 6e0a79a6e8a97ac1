import ArgumentParser
import Progress

/// `-q/--quiet` and `-v/--verbose`, which every verb takes.
public struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only results and errors: no progress, notes or warnings.")
    public var quiet = false

    @Flag(name: .shortAndLong, help: "Print more: every repeat of a warning, and the plan even when every stage is done.")
    public var verbose = false

    public init() {}

    public func validate() throws {
        if quiet && verbose { throw ValidationError("-q/--quiet and -v/--verbose contradict each other; give one") }
        Diagnostics.shared.verbosity = quiet ? .quiet : verbose ? .verbose : .normal
    }
}
