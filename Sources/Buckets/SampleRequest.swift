/// One sample of a planned batch: which table row, and the clip shape its bucket asks for.
///
/// This is the hand-off between the sampler (which decides shapes) and the dataset (which decodes):
/// Open-Sora passes the same four numbers as the string `"idx-T-H-W"`.
public struct SampleRequest: Sendable, Hashable, Codable {
    /// Row of the dataset table (0-based, in table order).
    public var index: Int
    /// Frames to take (1 for images and the image buckets).
    public var frames: Int
    /// Target height in pixels, after resize and crop.
    public var height: Int
    /// Target width in pixels, after resize and crop.
    public var width: Int

    public init(index: Int, frames: Int, height: Int, width: Int) {
        self.index = index
        self.frames = frames
        self.height = height
        self.width = width
    }
}
