import ConfigLang

/// A bucket's keep probability, as Open-Sora 2.0 reads `bucket_config[res][t][0]`.
public enum BucketProbability: Sendable, Hashable {
    /// Keep the sample at this resolution with probability p (drawn only when p < 1); a failed
    /// draw demotes it to the next smaller resolution.
    case single(Double)
    /// `(p_hw, p_t)`: first, with probability p_t the sample *skips* this frame count for the next
    /// shorter one (2.0's meaning; v1.x read it as the keep probability); then p_hw as above.
    case pair(hw: Double, t: Double)
}

/// `bucket_config` parsed and checked, with the settings the assignment also needs: the spatial
/// compression the tables are rounded to and the dataset's `fps_max`.
public struct BucketConfig: Sendable {
    public struct FrameEntry: Sendable, Hashable {
        public var frames: Int
        public var probability: BucketProbability
        /// Per rank (per GPU in Open-Sora).
        public var batchSize: Int

        public init(frames: Int, probability: BucketProbability, batchSize: Int) {
            self.frames = frames
            self.probability = probability
            self.batchSize = batchSize
        }
    }

    public struct ResolutionEntry: Sendable, Hashable {
        public var table: AspectRatioTable
        /// In config order.
        public var frames: [FrameEntry]
        public var name: String { table.resolution }

        public init(table: AspectRatioTable, frames: [FrameEntry]) {
            self.table = table
            self.frames = frames
        }
    }

    /// In config order.
    public var resolutions: [ResolutionEntry]
    public var spatialCompression: Int
    /// Videos above this frame rate are sub-sampled (`map_target_fps`) before matching frame counts.
    public var fpsMax: Double

    /// Open-Sora's defaults: D = 16, and `VideoTextDataset`'s fps_max = 16.
    public static let defaultSpatialCompression = 16
    public static let defaultFPSMax = 16.0
    /// What Open-Sora substitutes for `fps_max: None` ("no limit").
    public static let unlimitedFPSMax = 999_999_999.0

    public init(resolutions: [ResolutionEntry], spatialCompression: Int, fpsMax: Double) {
        self.resolutions = resolutions
        self.spatialCompression = spatialCompression
        self.fpsMax = fpsMax
    }

    /// Reads `bucket_config`, `ae_spatial_compression` (default 16) and `dataset.fps_max`
    /// (default 16, null = no limit) from a resolved config.
    public init(config root: ConfigNode) throws {
        guard let top = root.value.mapping else {
            throw ConfigError(.notAMapping, "the config is a \(root.value.kindName), expected a mapping", at: root.location)
        }
        guard let bucketNode = top[.string("bucket_config")] else {
            throw ConfigError(.referenceMissing, "the config has no 'bucket_config' (expected {resolution: {num_frames: (probability, batch_size)}})", at: root.location)
        }
        var compression = Self.defaultSpatialCompression
        if let node = top[.string("ae_spatial_compression")], node.value != .null {
            guard case .int(let value) = node.value, value >= 1, value <= 1 << 16 else {
                throw Self.error("ae_spatial_compression must be a positive integer (16 for the hunyuan VAE, 32 for DC-AE), found \(node.value.kindName)", at: node)
            }
            compression = Int(value)
        }
        var fpsMax = Self.defaultFPSMax
        if let dataset = top[.string("dataset")]?.value.mapping, let node = dataset[.string("fps_max")] {
            switch node.value {
            case .null: fpsMax = Self.unlimitedFPSMax
            case .int(let value) where value > 0: fpsMax = Double(value)
            case .float(let value) where value > 0 && value.isFinite: fpsMax = value
            default: throw Self.error("dataset.fps_max must be a positive number or null (no limit)", at: node)
            }
        }
        try self.init(bucketConfig: bucketNode, spatialCompression: compression, fpsMax: fpsMax)
    }

    /// Parses a `bucket_config` node: `{resolution name: {num_frames (integer key): (probability,
    /// batch_size)}}`, the probability a number or a `(p_hw, p_t)` pair.
    public init(bucketConfig node: ConfigNode, spatialCompression: Int = defaultSpatialCompression, fpsMax: Double = defaultFPSMax) throws {
        guard let mapping = node.value.mapping, !mapping.isEmpty else {
            throw Self.error("bucket_config must be a non-empty mapping {resolution: {num_frames: (probability, batch_size)}}, found \(node.value.isMapping ? "an empty mapping" : node.value.kindName)", at: node)
        }
        var resolutions: [ResolutionEntry] = []
        for (key, resolutionNode) in mapping {
            guard case .string(let name) = key else {
                throw Self.error("bucket_config key \(key) must be a resolution name such as '256px' or '720p'", at: resolutionNode, key: true)
            }
            let table: AspectRatioTable
            do {
                table = try AspectRatios.table(resolution: name, compression: spatialCompression)
            } catch {
                throw Self.error("bucket_config: \(error.message)", at: resolutionNode, key: true)
            }
            guard let framesMapping = resolutionNode.value.mapping else {
                throw Self.error("bucket_config.\(name) must be a mapping {num_frames: (probability, batch_size)}, found \(resolutionNode.value.kindName)", at: resolutionNode)
            }
            var frames: [FrameEntry] = []
            for (frameKey, entryNode) in framesMapping {
                let path = "bucket_config.\(name).\(frameKey)"
                guard case .int(let count) = frameKey, count >= 1, count <= 1 << 20 else {
                    throw Self.error("\(path): the frame count must be a positive integer key (write 33:, not '33':)", at: entryNode, key: true)
                }
                frames.append(try Self.frameEntry(Int(count), entryNode, path: path))
            }
            resolutions.append(ResolutionEntry(table: table, frames: frames))
        }
        self.init(resolutions: resolutions, spatialCompression: spatialCompression, fpsMax: fpsMax)
    }

    private static func frameEntry(_ frames: Int, _ node: ConfigNode, path: String) throws -> FrameEntry {
        let expected = "(probability, batch_size), e.g. (1.0, 8) or ((1.0, 0.5), 8)"
        guard let items = node.value.sequenceItems, items.count == 2 else {
            throw error("\(path) must be \(expected), found \(node.value.kindName)", at: node)
        }
        let probability: BucketProbability
        if let pair = items[0].value.sequenceItems {
            guard pair.count == 2, let hw = number(pair[0]), let t = number(pair[1]) else {
                throw error("\(path): a probability pair must be (p_hw, p_t), two numbers", at: items[0])
            }
            guard frames != 1 else {
                throw error("\(path): the image bucket (1 frame) takes a single probability; Open-Sora compares it with a number", at: items[0])
            }
            probability = .pair(hw: hw, t: t)
        } else if let p = number(items[0]) {
            probability = .single(p)
        } else {
            throw error("\(path): the probability must be a number or a (p_hw, p_t) pair, found \(items[0].value.kindName)", at: items[0])
        }
        guard case .int(let batchSize) = items[1].value, batchSize >= 1, batchSize <= 1 << 24 else {
            throw error("\(path): the batch size must be a positive integer, found \(describe(items[1].value))", at: items[1])
        }
        return FrameEntry(frames: frames, probability: probability, batchSize: Int(batchSize))
    }

    /// A value for a message: small scalars as written, others by kind.
    static func describe(_ value: ConfigValue) -> String {
        switch value {
        case .int(let v): return "\(v)"
        case .float(let v): return "\(v)"
        case .bool(let v): return v ? "True" : "False"
        case .string(let v): return "'\(v)'"
        default: return "a \(value.kindName)"
        }
    }

    private static func number(_ node: ConfigNode) -> Double? {
        switch node.value {
        case .int(let value): return Double(value)
        case .float(let value) where !value.isNaN: return value
        default: return nil
        }
    }

    /// A ConfigError at the node (or its key); a value set on the command line has no file
    /// position, so the message names the argument instead.
    static func error(_ message: String, at node: ConfigNode, key: Bool = false) -> ConfigError {
        let location = key ? (node.keyLocation ?? node.location) : (node.location ?? node.keyLocation)
        if location == nil, let origin = node.origin {
            return ConfigError(.unsupportedValue, "\(origin): \(message)")
        }
        return ConfigError(.unsupportedValue, message, at: location)
    }
}
