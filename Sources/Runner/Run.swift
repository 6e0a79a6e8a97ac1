import ArgumentParser
import CLISupport
import Foundation
import Launch
import StageCommands
import Stages

/// `strata run`: plans here (config mistakes are reported fast, by the light binary), then hands
/// the same arguments to `strata-train`, the sibling executable that links the trainer.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a stage and the upstream stages it needs, reusing every stage that is done.",
        discussion: """
            The plan is the one `strata plan` shows. Each stage that runs gets \
            outputs/<experiment>/<stage>-<fingerprint>/ with run.yaml (the resolved config with \
            origins, overrides, git commit, seed, fingerprint, times, status) and what the trainer \
            writes.

            Examples:
              strata run stage2 -e demo
              strata run stage2 -e demo stage1:optim.lr=1e-4
            """)

    @OptionGroup var options: RunOptions

    static let siblingName = "strata-train"

    func run() throws {
        let plan = try options.arguments.plan()
        let backend = OpenSoraBackend(root: options.opensoraRoot, processesPerNode: options.nprocPerNode, nodes: options.nnodes)
        let load = options.load.map { ResumeRequest.load(checkpoint: $0, startEpoch: options.startEpoch, startStep: options.startStep) }
        let preview = RunPreview(plan: plan, backend: backend, load: load)
        if options.dryRun {
            print(PlanRendering.text(plan) + preview.text, terminator: "")
            return
        }
        // What stops the run anyway (a missing table) is said first, as a config mistake.
        let blockers = plan.toRun.flatMap(\.blockers)
        if !blockers.isEmpty { try reportingSchemaErrors { throw SchemaErrors(blockers) } }
        let missing = preview.needsOpenSora ? backend.missing() : []
        if !missing.isEmpty {
            FileHandle.standardError.write(Data(preview.text.utf8))
            throw CommandFailure.runtime("cannot run Open-Sora's trainer here: missing " + missing.joined(separator: "; ") + " (the commands it would run are above; nothing was written)")
        }
        let path = Sibling.path(Self.siblingName)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CommandFailure.runtime("training is done by '\(Self.siblingName)', which is not installed beside strata (expected \(path)); the configs are valid and 'strata plan' shows what would run")
        }
        Sibling.exec(path, arguments: ["run"] + Array(CommandLine.arguments.dropFirst().drop { $0 != "run" }.dropFirst()))
    }
}
