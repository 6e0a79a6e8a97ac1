import ArgumentParser
import Buckets
import CLISupport
import ConfigLang
import Foundation
import Progress
import Stages
import Training

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate a video from a prompt with a trained run (mp4 + PNG contact sheet).",
        discussion: """
            Euler sampling of the rectified flow with classifier-free guidance; the EMA weights \
            when the run kept them. Sizes come from the run's own bucket tables.

            With --image PATH (models trained with model.cond_embed, the i2v stages) the video \
            starts from that picture, as Open-Sora's i2v_head.

            Examples:
              strata sample outputs/demo/stage2-8613c15458ea --num-frames 9 \\
                --prompt 'a red circle moves left over a blue background'
              strata sample outputs/demo/stage1_i2v-… --image picture.png \\
                --prompt 'a yellow circle moves right over a blue background'
            """)

    @Argument(help: "A run directory (with run.yaml) or a checkpoint folder inside one.")
    var runOrCheckpoint: String

    @Option(help: ArgumentHelp("The caption to generate.", valueName: "text"))
    var prompt: String

    @Option(help: ArgumentHelp("Frames to generate (1 for an image).", valueName: "n"))
    var numFrames = 9

    @Option(help: ArgumentHelp("A resolution of the bucket tables (e.g. 32px, 64px).", valueName: "resolution"))
    var resolution = "32px"

    @Option(help: ArgumentHelp("An aspect ratio of that table (e.g. 1:1, 16:9, 9:16).", valueName: "w:h"))
    var aspectRatio = "1:1"

    @Option(help: ArgumentHelp("Euler steps.", valueName: "n"))
    var steps = 30

    @Option(help: ArgumentHelp("Classifier-free guidance scale (1: none).", valueName: "scale"))
    var guidance = 4.0

    @Option(name: .customLong("guidance-interval"),
            help: ArgumentHelp("Apply the guidance only at steps whose time t is in [lo, hi] (t = 1 is pure noise; 0,1: every step).",
                               discussion: "Outside it a step takes the caption's prediction alone. Guidance at high noise sets the layout and the motion; at low noise it mostly adds grain.",
                               valueName: "lo,hi"))
    var guidanceInterval = GuidanceInterval.every

    @Option(help: ArgumentHelp("A picture to start the video from (image-to-video; models with model.cond_embed).",
                               discussion: "Resize-cropped to the sample's size, encoded, and given to the model as the condition of latent frame 0 (Open-Sora's i2v_head).",
                               valueName: "path"))
    var image: String?

    @Option(help: ArgumentHelp("Image guidance scale with --image (Open-Sora's guidance_img; 1: none).", valueName: "scale"))
    var imageGuidance = 3.0

    @Option(help: ArgumentHelp("Seed of the starting noise.", valueName: "n"))
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Fresh noise in each step: 0 is the deterministic Euler ODE, 1 DDPM's ancestral steps.",
                               discussion: "DDIM's η: each step keeps the predicted clean latent and draws this share of its noise afresh.",
                               valueName: "eta"))
    var eta = 0.0

    @Option(name: .customLong("transform-scale"),
            help: ArgumentHelp("Scale of the timestep shift for the sampling steps (default: the run's transform_scale).",
                               discussion: "Below the training value, more of the steps fall at low noise, where grain is removed.",
                               valueName: "scale"))
    var transformScale: Double?

    @Option(help: ArgumentHelp("Frame rate of the written video.", valueName: "fps"))
    var fps = 8

    @Flag(help: "Sample at a resolution the model never trained at (with a warning).")
    var force = false

    @Option(name: .shortAndLong, help: ArgumentHelp("The mp4 to write (default: RUN/samples/<prompt>-seed<S>.mp4); the contact sheet goes beside it as .png.", valueName: "file"))
    var output: String?

    @OptionGroup var verbosity: OutputOptions

    func validate() throws {
        guard numFrames >= 1 else { throw ValidationError("--num-frames must be at least 1, got \(numFrames)") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard imageGuidance.isFinite else { throw ValidationError("--image-guidance must be a finite number, got \(imageGuidance)") }
        _ = try GuidanceInterval.parse(guidanceInterval)
        guard (0...1).contains(eta) else { throw ValidationError("--eta must be in 0...1, got \(eta)") }
        if let transformScale, !(transformScale.isFinite && transformScale > 0) {
            throw ValidationError("--transform-scale must be a positive number, got \(transformScale)")
        }
        guard (1...120).contains(fps) else { throw ValidationError("--fps must be in 1...120, got \(fps)") }
    }

    func run() throws {
        let trained: TrainedModel
        do {
            trained = try TrainedModel(locating: runOrCheckpoint)
        } catch let error as TrainingError {
            throw CommandFailure.usage(error.message)
        }
        if let refusal = trained.settings.samplingRefusal {
            throw CommandFailure.usage("\(runOrCheckpoint): cannot sample: \(refusal)")
        }
        let bounds: SampleBounds
        do {
            bounds = try SampleBounds(config: try RunRecord.read(trained.runDirectory).config)
        } catch let error as ConfigError {
            throw CommandFailure.usage("\(runOrCheckpoint): cannot read the run's bucket_config: \(error.message)")
        }
        let review = bounds.review(resolution: resolution, frames: numFrames)
        if let refusal = review.refusals.first, !force {
            throw CommandFailure.usage("--resolution \(resolution): \(refusal) (--force samples it anyway)")
        }
        for warning in (force ? review.refusals : []) + review.warnings {
            Diagnostics.shared.warn(warning)
        }
        let options = SamplingOptions(prompt: prompt, numFrames: numFrames, resolution: resolution, aspectRatio: aspectRatio,
                                      steps: steps, guidance: guidance, guidanceInterval: try GuidanceInterval.parse(guidanceInterval),
                                      image: image, imageGuidance: imageGuidance,
                                      seed: seed, stochasticity: eta, transformScale: transformScale, fps: fps, output: output)
        do {
            let written = try VideoSampling.sample(trained, options: options)
            print("\(written.video): \(written.frames) frames of \(written.width)×\(written.height) from \(trained.weightsFile)")
            print("\(written.contactSheet): contact sheet")
            try SampleEvents.record(written, trained: trained, options: options)
        } catch let error as TrainingError {
            throw CommandFailure.usage(error.message)
        } catch let error as AspectRatioError {
            throw CommandFailure.usage("--resolution \(resolution) --aspect-ratio \(aspectRatio): \(error)")
        } catch {
            throw CommandFailure.runtime("\(error)")
        }
    }
}
