import Buckets
import Foundation
import Media
import Tensor

/// `strata sample`: Euler sampling of the rectified flow with classifier-free guidance from a
/// prompt (and, for an image-to-video model, a first frame: see `ImageCondition`), decoded by the
/// run's autoencoder and written as an mp4 and a PNG contact sheet.
public enum VideoSampling {
    public struct Written: Sendable {
        public var video: String
        public var contactSheet: String
        public var frames: Int
        public var width: Int
        public var height: Int
        /// The contact sheet's size in pixels (frames scaled up and numbered).
        public var sheetWidth: Int
        public var sheetHeight: Int
    }

    public static func sample(_ trained: TrainedModel, options: SamplingOptions) throws -> Written {
        let settings = trained.settings
        let (height, width) = try size(resolution: options.resolution, aspectRatio: options.aspectRatio,
                                       compression: settings.spatialCompression)
        let autoencoder = IdentityAutoencoder(spaceToDepth: settings.spaceToDepth)
        let latentShape = try autoencoder.latentShape(of: [1, 3, options.numFrames, height, width])
        let encoder = settings.hashedTextEncoder
        let branches = options.image == nil ? 2 : 3
        let peak = SampleBounds.peakBytes(latentShape: latentShape, configuration: trained.model.configuration,
                                          textTokens: encoder.maxLength, branches: branches)
        if let refusal = SampleBounds.memoryRefusal(peak) { throw TrainingError(refusal) }
        let text = TextBatch.encode([options.prompt], with: encoder)
        var generator = SeededGenerator(seed: options.seed)
        let noise = Tensor.normal(shape: latentShape, using: &generator)
        let image = try options.image.map {
            try ImageCondition.load(path: $0, settings: settings, frames: options.numFrames, height: height, width: width)
        }
        // Without a picture a cond_embed model samples plain t2v: an all-zero condition.
        let condition = image?.condition ?? (trained.model.configuration.condEmbed
            ? VisualCondition.build(latent: Tensor(shape: latentShape), conditionedFrames: [[]]) : nil)
        var flow = settings.flow
        if let scale = options.transformScale { flow.shiftScale = scale }
        let sampler = EulerSampler(steps: options.steps, guidance: Float(options.guidance),
                                   imageGuidance: image.map { _ in Float(options.imageGuidance) }, flow: flow,
                                   stochasticity: Float(options.stochasticity),
                                   guidanceInterval: Float(options.guidanceInterval.lowerBound)...Float(options.guidanceInterval.upperBound))
        // The steps' fresh noise follows the starting noise in the seed's stream.
        var latent = sampler.sample(model: trained.model, noise: noise, text: text.tokens, textMask: text.mask,
                                    nullText: TextBatch.nullText(of: encoder), condition: condition,
                                    stepNoise: generator.split())
        if let image { latent = image.imposed(on: latent) }
        let pixels = try autoencoder.decode(latent)
        let frames = rgbFrames(pixels)
        let video = options.output ?? defaultOutput(trained.runDirectory, options)
        let folder = (video as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try VideoWriter.write(frames: frames.joined(), width: width, height: height, to: video,
                              fps: Rational(options.fps, 1))
        let sheet = (video as NSString).deletingPathExtension + ".png"
        let contact = ContactSheet(frames: frames, width: width, height: height)
        try ImageWriter().write(contact.pixels, width: contact.width, height: contact.height, to: sheet)
        return Written(video: video, contactSheet: sheet, frames: frames.count, width: width, height: height,
                       sheetWidth: contact.width, sheetHeight: contact.height)
    }

    /// The bucket size of a resolution and aspect ratio, from the same table training uses.
    static func size(resolution: String, aspectRatio: String, compression: Int) throws -> (Int, Int) {
        let table = try AspectRatios.table(resolution: resolution, compression: compression)
        if let entry = table.entries.first(where: { $0.name == aspectRatio }) { return (entry.height, entry.width) }
        // Like a sample's own shape in training: the table's closest ratio (tables drop ratios whose
        // rounded size duplicates another's, e.g. 1:1 at 32px with D = 8).
        let parts = aspectRatio.split(separator: ":").compactMap { Double($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0, !table.entries.isEmpty else {
            let names = table.entries.map(\.name).joined(separator: ", ")
            throw TrainingError("aspect ratio '\(aspectRatio)' is not W:H with positive numbers (the \(resolution) table has \(names))")
        }
        let entry = table.entries[table.closestRatio(height: parts[1], width: parts[0])]
        return (entry.height, entry.width)
    }

    /// `[1, 3, T, H, W]` in [-1, 1] → T frames of H×W×3 bytes.
    static func rgbFrames(_ pixels: Tensor) -> [[UInt8]] {
        let (frames, height, width) = (pixels.shape[2], pixels.shape[3], pixels.shape[4])
        let plane = height * width
        return (0..<frames).map { t in
            var bytes = [UInt8](repeating: 0, count: plane * 3)
            for c in 0..<3 {
                let base = (c * frames + t) * plane
                for i in 0..<plane {
                    let value = (pixels.data[base + i] + 1) * 127.5
                    bytes[i * 3 + c] = UInt8(max(0, min(255, value.rounded())))
                }
            }
            return bytes
        }
    }

    static func defaultOutput(_ runDirectory: String, _ options: SamplingOptions) -> String {
        // Whole words up to 64 characters: a name never ends mid-word nor drops the prompt's last
        // word when it fits.
        let words = { (text: String) -> String in
            var slug = ""
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                if slug.isEmpty { slug = String(word.prefix(64)); continue }
                guard slug.count + 1 + word.count <= 64 else { break }
                slug += "-" + word
            }
            return slug
        }
        var slug = words(options.prompt)
        if slug.isEmpty { slug = "empty" }
        if let image = options.image { slug += "-from-" + words(((image as NSString).lastPathComponent as NSString).deletingPathExtension) }
        return "\(runDirectory)/samples/\(slug)-seed\(options.seed).mp4"
    }
}
