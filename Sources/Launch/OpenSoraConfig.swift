import CLISupport
import ConfigLang
import Stages

/// A stage's resolved config as the config of Open-Sora 2.0's `scripts/diffusion/train.py`: only
/// keys that script reads, in Open-Sora's spelling. The table of what maps to what is in
/// docs/launch.md; every value that does not map one to one gives a `TranslationNote`.
public struct OpenSoraConfig: Sendable {
    /// The top-level mapping written with `PythonWriter` (values keep their strata origins).
    public var root: ConfigNode
    public var notes: [TranslationNote]

    /// Keys Open-Sora reads with the same name and meaning as strata's.
    static let sameMeaning: Set<String> = [
        "bucket_config", "grad_ckpt_settings", "is_causal_vae", "condition_config", "ae_spatial_compression",
        "warmup_steps", "accumulation_steps", "ema_decay", "num_workers", "prefetch_factor", "dtype", "seed",
        "outputs", "epochs", "log_every", "ckpt_every", "keep_n_latest",
    ]

    /// strata's own keys, translated into the launch itself (`--model.from_pretrained`, `exp_name`)
    /// or already inside other values (`lr`, `eps` are referenced by `optim`).
    static let bookkeeping: Set<String> = ["stage", "init_from", "declared_changes", "lr", "eps"]

    /// - Parameters:
    ///   - config: the stage's validated config (defaults filled in).
    ///   - experimentName, fingerprint: name Open-Sora's experiment folder (`exp_name`), so a
    ///     restarted job reuses it.
    ///   - hasBase: the file will start with `_base_` naming an Open-Sora config, which supplies
    ///     the model, autoencoder and text encoders strata cannot translate.
    public static func translate(_ config: ConfigNode, stage: String, experimentName: String, fingerprint: String,
                                 hasBase: Bool, registry: Registry = .standard) throws -> OpenSoraConfig {
        guard case .mapping(let entries) = config.value else {
            preconditionFailure("a validated stage config is a mapping")
        }
        var builder = Builder(hasBase: hasBase, registry: registry)
        for (key, node) in entries {
            guard case .string(let name) = key else { continue }
            try builder.add(name, node)
        }
        builder.out["exp_name"] = ConfigNode(.string("\(experimentName)-\(stage)-\(fingerprint.prefix(12))"), location: nil, history: [])
        if !hasBase {
            builder.notes.append(TranslationNote(.warning, "model, ae, t5, clip",
                "no --base: the file has none of them (nor plugin, plugin_config, grad_checkpoint, save_master_weights, …), so Open-Sora's train.py cannot build a model from it alone; give --base with an Open-Sora training config such as configs/diffusion/train/stage1.py"))
        }
        return OpenSoraConfig(root: ConfigNode(.mapping(builder.out), location: nil, history: []), notes: builder.notes)
    }

    private struct Builder {
        let hasBase: Bool
        let registry: Registry
        var out = ConfigMapping()
        var notes: [TranslationNote] = []

        mutating func add(_ name: String, _ node: ConfigNode) throws {
            if OpenSoraConfig.bookkeeping.contains(name) { return }
            if OpenSoraConfig.sameMeaning.contains(name) {
                out[.string(name)] = node
                checkSameMeaning(name, node)
                return
            }
            switch name {
            case "dataset": dataset(node)
            case "dropout_ratio": dropoutRatio(node)
            case "optim": try optimizer(node)
            case "lr_scheduler": schedule(node)
            case "grad_clip": gradClip(node)
            case "model": model(node)
            case "ae", "text_encoder": untranslatable(name, node)
            default:
                notes.append(TranslationNote(.warning, name, "Open-Sora's train.py does not read this key; left out", origin: origin(node)))
            }
        }

        mutating func checkSameMeaning(_ name: String, _ node: ConfigNode) {
            if name == "ckpt_every", case .int(0) = node.value {
                notes.append(TranslationNote(.warning, name, "0 means 'final weights only' in strata, but Open-Sora saves checkpoints only every ckpt_every steps and writes no final weights: with 0 it saves nothing", origin: origin(node)))
            }
        }

        mutating func dataset(_ node: ConfigNode) {
            // video_text is Open-Sora's VideoTextDataset with the same keyword arguments.
            out["dataset"] = node
            if case .null? = (try? node.descendant(at: "data_path"))?.value {
                notes.append(TranslationNote(.warning, "dataset.data_path", "null: add --dataset.data-path TABLE to the torchrun line (Open-Sora's configs leave it to the command line too)", origin: origin(node)))
            }
        }

        /// strata has one text encoder, Open-Sora two (T5 tokens, CLIP pooled vector): the
        /// caption-dropout probability `text` applies to both.
        mutating func dropoutRatio(_ node: ConfigNode) {
            guard case .mapping(let entries) = node.value else { out["dropout_ratio"] = node; return }
            var translated = ConfigMapping()
            for (key, child) in entries {
                if key == .string("text") {
                    translated["t5"] = child
                    translated["clip"] = child
                    notes.append(TranslationNote(.note, "dropout_ratio.text", "written as dropout_ratio.t5 and dropout_ratio.clip (Open-Sora drops each encoder's embedding with its own probability)", origin: origin(child)))
                } else {
                    translated[key] = child
                }
            }
            out["dropout_ratio"] = ConfigNode(.mapping(translated), location: node.location, history: node.history)
        }

        /// Open-Sora's create_optimizer accepts only `cls: "HybridAdam"` (ColossalAI's Adam/AdamW).
        mutating func optimizer(_ node: ConfigNode) throws {
            guard case .mapping(let entries) = node.value else { return }
            let typeNode = entries["cls"] ?? entries["type"]
            let typeName: String? = { if case .string(let s)? = typeNode?.value { return s } else { return nil } }()
            guard let typeName, registry.lookUp(typeName, in: .optimizer)?.name == "adamw" else {
                throw SchemaValidator.error("optim: Open-Sora's train.py accepts only HybridAdam (adamw); '\(typeName ?? "?")' has no Open-Sora equivalent (override with optim.type=adamw, or train this stage with strata run)", at: typeNode ?? node)
            }
            var translated = ConfigMapping()
            translated["cls"] = ConfigNode(.string("HybridAdam"), location: typeNode?.location, history: typeNode?.history ?? [])
            for (key, child) in entries where key != .string("cls") && key != .string("type") {
                translated[key] = child
            }
            out["optim"] = ConfigNode(.mapping(translated), location: node.location, history: node.history)
        }

        /// Open-Sora has no lr_scheduler key: constant is its default (LinearWarmupLR with
        /// warmup_steps), cosine is `use_cosine_scheduler = True` (CosineAnnealingWarmupLR to 0).
        mutating func schedule(_ node: ConfigNode) {
            guard case .string(let type)? = (try? node.descendant(at: "type"))?.value,
                  let schema = registry.lookUp(type, in: .lr_scheduler) else { return }
            guard schema.name == "cosine" else { return }
            out["use_cosine_scheduler"] = ConfigNode(.bool(true), location: node.location, history: node.history)
            notes.append(TranslationNote(.note, "lr_scheduler", "cosine is written as use_cosine_scheduler = True", origin: origin(node)))
            if let eta = try? node.descendant(at: "eta_min"), eta.value != .float(0), eta.value != .int(0) {
                notes.append(TranslationNote(.warning, "lr_scheduler.eta_min", "Open-Sora's cosine schedule decays to 0; eta_min \(PythonRepr.render(eta.value)) is not carried over", origin: origin(eta)))
            }
        }

        /// strata's null (no clipping) is ColossalAI's max_norm 0.0, which disables clipping.
        mutating func gradClip(_ node: ConfigNode) {
            if case .null = node.value {
                out["grad_clip"] = ConfigNode(.float(0), location: node.location, history: node.history)
                notes.append(TranslationNote(.note, "grad_clip", "null (no clipping) is written as 0.0, the plugin's max_norm that disables clipping", origin: origin(node)))
            } else {
                out["grad_clip"] = node
            }
        }

        /// strata's dit is not Open-Sora's MMDiT ("flux"): only the i2v switch `cond_embed` means
        /// the same in both. The starting weights go on the command line (--model.from_pretrained).
        mutating func model(_ node: ConfigNode) {
            guard case .mapping(let entries) = node.value else { return }
            let architecture = entries.keys.map(\.description).filter { !["type", "from_pretrained", "cond_embed", "grad_ckpt_settings"].contains($0) }
            if hasBase, let condEmbed = entries["cond_embed"] {
                out["model"] = ConfigNode(.mapping(["cond_embed": condEmbed]), location: node.location, history: node.history)
            }
            let typeName = (try? node.descendant(at: "type")).map { PythonRepr.render($0.value) } ?? "?"
            let fate = hasBase ? "the base config's model is used (with model.cond_embed from strata)" : "left out"
            notes.append(TranslationNote(hasBase ? .note : .warning, "model", "strata's \(typeName) has no Open-Sora equivalent; \(fate); not carried over: \(architecture.joined(separator: ", "))", origin: origin(node)))
        }

        mutating func untranslatable(_ name: String, _ node: ConfigNode) {
            let typeName = (try? node.descendant(at: "type")).map { PythonRepr.render($0.value) } ?? "?"
            let openSora = name == "ae" ? "ae" : "t5 and clip"
            let fate = hasBase ? "Open-Sora's \(openSora) come from the base config" : "left out; Open-Sora needs \(openSora) (give --base)"
            notes.append(TranslationNote(hasBase ? .note : .warning, name, "strata's \(typeName) has no Open-Sora equivalent; \(fate)", origin: origin(node)))
        }

        func origin(_ node: ConfigNode) -> String? { node.origin?.description }
    }
}
