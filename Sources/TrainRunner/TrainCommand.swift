import ArgumentParser
import CLISupport
import Distributed
import Foundation
import Launch
import StageCommands
import Stages
import Training

/// `strata-train`: the executable that links the training engine (OpenBLAS, FFmpeg). `strata run`
/// and `strata sample` plan and check in the light `strata` binary and hand their arguments here.
@main
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named as the user calls it: `strata run` and `strata sample` hand over to this executable.
        commandName: "strata",
        abstract: "The training engine behind `strata run` and `strata sample`.",
        subcommands: [TrainRun.self, SampleCommand.self]
    )

    static func main() {
        EntryPoint.run(TrainCommand.self)
    }
}

struct TrainRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan a stage's chain and train every stage that is not done.",
        discussion: """
            Example: strata run stage2 -e demo '*:dataset.data_path=outputs/demo-data/meta.csv'
            Data parallel: mpirun -np 2 strata run stage2 -e demo (or srun); see docs/training.md.
            """
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        // MPI starts only when a launcher (mpirun, srun) started this process.
        let group: any ProcessGroup
        do {
            group = try Distributed.Launch.join()
        } catch {
            throw CommandFailure.runtime("cannot join the data-parallel job: \(error)")
        }
        do {
            let openSora = OpenSoraBackend(root: options.opensoraRoot, processesPerNode: options.nprocPerNode, nodes: options.nnodes)
            let trainer = EngineTrainer([.strata: DitTrainer(group: group), .opensora: OpenSoraTrainer(backend: openSora)])
            try options.execute(trainer: trainer, placement: RunPlacement(rank: group.rank, worldSize: group.worldSize))
        } catch {
            guard !group.isSingle else { throw error }
            // One rank failed: say which, with its own message, and end every rank now rather
            // than leave the others waiting in a collective forever.
            let report = EntryPoint.report(error, root: TrainCommand.self)
            FileHandle.standardError.write(Data("strata: rank \(group.rank) of \(group.worldSize) failed:\n\(report.text)\n".utf8))
            group.abort(errorCode: report.code == 0 ? 1 : report.code)
        }
        group.finish()
    }
}
