import Buckets
import DataTable
import Tensor
import VideoData

/// The loader's samples when latents or text embeddings are precomputed (Open-Sora's
/// `cached_video` / `cached_text`): the table row's files are read in the loader's threads.
///
/// - With `latents`, the sample's tensor is the row's latent, checked against the shape the
///   model expects for its bucket; the media file is never opened (its caption and rate come from
///   the table alone). Without, the clip is decoded by the dataset as usual.
/// - With `text`, the row's embedding [L, dim] and mask [L] travel as the extras `text` and
///   `text_mask`, stacked by the loader into [B, L, dim] and [B, L].
///
/// A precomputed file that is missing, unreadable or of the wrong shape is a fatal drop: the
/// trainer stops with the message (naming the file and the table row), since skipping it would
/// quietly train on other data than the user prepared. A broken video (decoded mode) is still
/// skipped, as without precomputed parts.
struct PrecomputedSamples: SampleSource {
    static let textKey = "text"
    static let textMaskKey = "text_mask"

    let dataset: VideoTextDataset
    let rows: [TableRow]
    let latents: PrecomputedLatents?
    let geometry: LatentGeometry
    let text: PrecomputedTextEncoder?

    /// Reads the table's rows once (their path cells are resolved per sample).
    init(dataset: VideoTextDataset, latents: PrecomputedLatents?, geometry: LatentGeometry, text: PrecomputedTextEncoder?) throws {
        let reader = try TableReader(path: dataset.tablePath)
        var rows: [TableRow] = []
        while let row = try reader.next() { rows.append(row) }
        self.dataset = dataset
        self.rows = rows
        self.latents = latents
        self.geometry = geometry
        self.text = text
    }

    func load(_ request: SampleRequest, batch position: Int, epoch: Int) -> Result<VideoTextSample, DroppedSample> {
        guard request.index >= 0, request.index < rows.count else {
            return .failure(DroppedSample(batch: position, request: request, path: "",
                                          reason: "row \(request.index) is out of range: the table has \(rows.count) rows", isFatal: true))
        }
        let row = rows[request.index]
        var sample: VideoTextSample
        do {
            if let latents {
                sample = try latentSample(request, row: row, latents: latents)
            } else {
                switch dataset.load(request, batch: position, epoch: epoch) {
                case .success(let decoded): sample = decoded
                case .failure(let drop): return .failure(drop)
                }
            }
            if let text {
                let embedding = try text.embedding(for: row)
                sample.extras[Self.textKey] = embedding.tokens
                sample.extras[Self.textMaskKey] = embedding.mask
            }
        } catch {
            return .failure(DroppedSample(batch: position, request: request, path: dataset.path(row: request.index),
                                          reason: "\(error)", isFatal: true))
        }
        return .success(sample)
    }

    private func latentSample(_ request: SampleRequest, row: TableRow, latents: PrecomputedLatents) throws -> VideoTextSample {
        let (frames, height, width) = (request.frames, request.height, request.width)
        let expected = try geometry.latentShape(frames: frames, height: height, width: width)
        let latent = try latents.latent(for: row, expected: expected,
                                        why: geometry.explanation(frames: frames, height: height, width: width))
        let described: (caption: String, fps: Double)
        do {
            described = try dataset.captionWithoutDecoding(row: request.index)
        } catch {
            throw ConditioningError(error.message)
        }
        return VideoTextSample(request: request, video: latent, caption: described.caption, fps: described.fps,
                               path: try latents.column.path(in: row), frameIndices: [])
    }
}
