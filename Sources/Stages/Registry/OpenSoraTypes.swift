import ConfigLang

/// Open-Sora 2.0's registered types (its MODELS and DATASETS registries, and the optimizer
/// `create_optimizer` builds), as schemas of what its trainer reads. Run by Open-Sora's trainer.
enum OpenSoraTypes {
    static var all: [TypeSchema] { [] }
}
