/// What `strata sample` asks for.
public struct SamplingOptions: Sendable {
    public var prompt: String
    public var numFrames: Int
    public var resolution: String
    public var aspectRatio: String
    public var steps: Int
    public var guidance: Double
    /// The times t (1: pure noise) at which the guidance applies; 0...1 for every step.
    public var guidanceInterval: ClosedRange<Double>
    /// The first frame to condition on (image-to-video, `cond_embed` models only), or nil.
    public var image: String?
    /// Image guidance (Open-Sora's `guidance_img`), used with `image`.
    public var imageGuidance: Double
    public var seed: UInt64
    /// η of the sampler: 0 is the Euler ODE, 1 DDPM's ancestral steps (see `EulerSampler`).
    public var stochasticity: Double
    /// The timestep shift's scale for the sampling grid, or nil for the run's own `transform_scale`.
    public var transformScale: Double?
    public var fps: Int
    /// Where the mp4 goes (the PNG contact sheet goes beside it with `.png`).
    public var output: String?

    public init(prompt: String, numFrames: Int = 1, resolution: String = "32px", aspectRatio: String = "1:1",
                steps: Int = 30, guidance: Double = 4, guidanceInterval: ClosedRange<Double> = 0...1,
                image: String? = nil, imageGuidance: Double = 3,
                seed: UInt64 = 0, stochasticity: Double = 0, transformScale: Double? = nil, fps: Int = 8,
                output: String? = nil) {
        self.prompt = prompt
        self.numFrames = numFrames
        self.resolution = resolution
        self.aspectRatio = aspectRatio
        self.steps = steps
        self.guidance = guidance
        self.guidanceInterval = guidanceInterval
        self.image = image
        self.imageGuidance = imageGuidance
        self.seed = seed
        self.stochasticity = stochasticity
        self.transformScale = transformScale
        self.fps = fps
        self.output = output
    }
}
