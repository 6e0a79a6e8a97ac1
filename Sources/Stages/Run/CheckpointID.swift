/// Which checkpoint: Open-Sora's folder name `epoch{E}-global_step{S}`, where S is the optimizer
/// step (`actual_update_step`). Ordered by (epoch, step), as Open-Sora's `rm_checkpoints` sorts.
public struct CheckpointID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var epoch: Int
    public var step: Int

    public init(epoch: Int, step: Int) {
        self.epoch = epoch
        self.step = step
    }

    /// Parses a folder name; nil for anything else (temporary folders, other files).
    public init?(folderName: String) {
        guard folderName.hasPrefix("epoch"), let dash = folderName.firstIndex(of: "-") else { return nil }
        let epochText = folderName[folderName.index(folderName.startIndex, offsetBy: 5)..<dash]
        let rest = folderName[folderName.index(after: dash)...]
        guard rest.hasPrefix("global_step") else { return nil }
        let stepText = rest.dropFirst("global_step".count)
        guard let epoch = Self.decimal(epochText), let step = Self.decimal(stepText) else { return nil }
        self.init(epoch: epoch, step: step)
    }

    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    public var folderName: String { "epoch\(epoch)-global_step\(step)" }
    public var description: String { folderName }

    public static func < (a: CheckpointID, b: CheckpointID) -> Bool { (a.epoch, a.step) < (b.epoch, b.step) }
}
