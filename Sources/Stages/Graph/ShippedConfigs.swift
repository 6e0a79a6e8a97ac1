import ConfigLang
import Foundation

/// The stage configs that ship with strata, in `configs/train/`, in the order of the stage graph.
public enum ShippedConfigs {
    /// Stage names in graph order: the image stage first, then video, then image-to-video.
    public static let stageOrder = ["image", "stage1", "stage2", "stage1_i2v", "stage2_i2v", "demo"]

    /// The shipped stage config files found under `root/configs/train`, in graph order; files not in
    /// the graph follow in name order.
    public static func stageFiles(under root: String) -> [String] {
        let folder = (root as NSString).appendingPathComponent("configs/train")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let configs = names.filter { [".yaml", ".yml", ".json", ".py"].contains(($0 as NSString).pathExtension.isEmpty ? "" : "." + ($0 as NSString).pathExtension) }
        func rank(_ name: String) -> (Int, String) {
            let stem = (name as NSString).deletingPathExtension
            return (stageOrder.firstIndex(of: stem) ?? stageOrder.count, name)
        }
        return configs.sorted { rank($0) < rank($1) }.map { (folder as NSString).appendingPathComponent($0) }
    }
}
