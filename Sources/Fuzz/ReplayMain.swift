#if !LIBFUZZER
import Foundation

/// Without libFuzzer (a plain `swift build`): `strata-fuzz TARGET FILE…` feeds each file through the
/// target once, to replay a crash artifact under the debugger.
@main struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: strata-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…")
            exit(2)
        }
        for file in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("cannot read \(file)")
                exit(2)
            }
            target.run(Array(data))
            print("\(file): ok")
        }
    }
}
#endif
