import ConfigLang
import Foundation

/// The stage configs that ship with strata, in `configs/train/`, in the order of the stage graph.
public enum ShippedConfigs {
    /// Stage names in graph order: the image stage first, then video, then image-to-video.
    public static let stageOrder = ["image", "stage1", "stage2", "stage1_i2v", "stage2_i2v", "demo"]

    /// The extensions of config files, in the order a stage name is looked up by.
    static let extensions = ["yaml", "yml", "json", "py"]

    /// The shipped stage config files found under `root/configs/train`, in graph order; files not in
    /// the graph follow in name order.
    public static func stageFiles(under root: String) -> [String] {
        configFiles(in: (root as NSString).appendingPathComponent("configs/train"))
    }

    /// The config files of a folder, in graph order, then by name.
    static func configFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let configs = names.filter { extensions.contains(($0 as NSString).pathExtension) }
        func rank(_ name: String) -> (Int, String) {
            let stem = (name as NSString).deletingPathExtension
            return (stageOrder.firstIndex(of: stem) ?? stageOrder.count, name)
        }
        return configs.sorted { rank($0) < rank($1) }.map { (folder as NSString).appendingPathComponent($0) }
    }

    /// The config of stage `name` in a folder: `name.yaml`, else `.yml`, `.json` or `.py` (an
    /// Open-Sora checkout's `stage1.py`); `name.yaml` when there is none, for the error.
    static func configFile(named name: String, in folder: String) -> String {
        for ext in extensions {
            let candidate = Paths.tidy((folder as NSString).appendingPathComponent("\(name).\(ext)"))
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return Paths.tidy((folder as NSString).appendingPathComponent("\(name).yaml"))
    }
}
