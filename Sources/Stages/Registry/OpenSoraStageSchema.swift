import ConfigLang

/// The top-level keys of a stage run by Open-Sora 2.0's `scripts/diffusion/train.py`: every key
/// its configs set and every key the script reads.
enum OpenSoraStageSchema {
    static let schema = TypeSchema(nil, "stage", engine: .opensora, doc: "The top level of a stage config run by Open-Sora's trainer.", parameters: [])
}
