import ConfigLang

/// Open-Sora 2.0's models, autoencoders and text encoders (its MODELS registry), as the keyword
/// arguments their builders take. Open-Sora passes a component's keys to the builder as keyword
/// arguments and a key it does not take is a TypeError, so refusing unknown keys refuses nothing
/// that could run. `device_map` and `torch_dtype` are left out: the trainer passes its own,
/// replacing whatever a config says.
extension OpenSoraTypes {
    // MARK: - Diffusion model (opensora/models/mmdit/model.py)

    static let flux = TypeSchema(.model, "flux", engine: .opensora, doc: "Open-Sora 2.0's MMDiT: double-stream then single-stream transformer blocks over patchified video latents and T5 tokens, conditioned on a CLIP vector (Flux's architecture).", parameters: [
        p("from_pretrained", .optional(.path), .null, .result, "Weights loaded after building (a .safetensors file, a checkpoint folder or a hub name); null: random initialisation. Stages chain through it."),
        p("cache_dir", .optional(.path), .null, .operational, "Hugging Face cache folder for a hub from_pretrained."),
        p("strict_load", .bool, .bool(false), .result, "Fail when the loaded weights miss or add keys (false: missing ones keep their initialisation, as the i2v stages' new condition layer does)."),
        p("in_channels", .int(.positive), nil, .weights, "Features of a latent patch: the autoencoder's latent channels × patch_size²."),
        p("vec_in_dim", .int(.positive), nil, .weights, "Width of the pooled text vector (CLIP's: 768)."),
        p("context_in_dim", .int(.positive), nil, .weights, "Width of the text token embeddings (T5-XXL's: 4096)."),
        p("hidden_size", .int(.positive), nil, .weights, "Width of the transformer."),
        p("mlp_ratio", .float(.positive), nil, .weights, "MLP width as a multiple of hidden_size."),
        p("num_heads", .int(.positive), nil, .weights, "Attention heads; hidden_size / num_heads must equal the sum of axes_dim."),
        p("depth", .int(.nonNegative), nil, .weights, "Double-stream blocks (separate weights for image and text tokens)."),
        p("depth_single_blocks", .int(.nonNegative), nil, .weights, "Single-stream blocks (image and text tokens share weights)."),
        p("axes_dim", .tuple([.int(.positive), .int(.positive), .int(.positive)]), nil, .weights, "Rotary embedding widths for the time, height and width axes of a head."),
        p("theta", .int(.positive), nil, .weights, "Base of the rotary position embedding frequencies."),
        p("qkv_bias", .bool, nil, .weights, "Bias in the query/key/value projections."),
        p("guidance_embed", .bool, nil, .weights, "Embed a guidance strength (a guidance-distilled model); the trainer feeds the top-level guidance."),
        p("cond_embed", .bool, .bool(false), .weights, "Extra input layer for image/video conditioning (mask + masked latent): the i2v stages set it."),
        p("fused_qkv", .bool, .bool(true), .weights, "One fused query/key/value projection instead of three (changes the parameter layout)."),
        p("patch_size", .int(.positive), .int(2), .weights, "Latent patch size the condition layer is sized for; must equal the top-level patch_size."),
        p("grad_ckpt_settings", .optional(.tuple([.int(.nonNegative), .int(.nonNegative)])), .null, .operational, "Activation checkpointing: (double-stream blocks, single-stream blocks) recomputed in backward; a count ≥ depth means all."),
        p("use_liger_rope", .bool, .bool(false), .operational, "Compute the rotary embedding with Liger's fused kernel (same result, less memory)."),
    ], checks: [{ entries in
        guard let width = intValue(entries["hidden_size"]), let heads = intValue(entries["num_heads"]), heads > 0 else { return nil }
        if width % heads != 0 {
            return SchemaIssue(key: "num_heads", message: "num_heads \(heads) does not divide hidden_size \(width)")
        }
        let axes = entries["axes_dim"]?.value.sequenceItems?.compactMap { intValue($0) } ?? []
        if axes.count == 3, axes.reduce(0, +) != width / heads {
            return SchemaIssue(key: "axes_dim", message: "axes_dim sums to \(axes.reduce(0, +)), but a head is hidden_size / num_heads = \(width / heads) wide; Open-Sora refuses the model")
        }
        return nil
    }])

    // MARK: - Autoencoders

    static let hunyuanVAE = TypeSchema(.ae, "hunyuan_vae", engine: .opensora, doc: "HunyuanVideo's causal 3D VAE (Open-Sora 2.0's default): 4× in time, 8× in space, 16 latent channels.", parameters: [
        p("from_pretrained", .optional(.path), .null, .result, "The VAE's weights, loaded strictly; null leaves it untrained."),
        p("act_fn", .string, .string("silu"), .result, "Activation of the encoder and decoder blocks."),
        p("in_channels", .int(.positive), .int(3), .result, "Channels of the pixels encoded."),
        p("out_channels", .int(.positive), .int(3), .result, "Channels the decoder produces."),
        p("latent_channels", .int(.positive), .int(16), .weights, "Channels of the latent the diffusion model sees (model.in_channels = this × patch_size²)."),
        p("layers_per_block", .int(.positive), .int(2), .result, "Residual layers per resolution level."),
        p("norm_num_groups", .int(.positive), .int(32), .result, "Groups of the group normalisations."),
        p("scale_factor", .float(NumberRange()), .float(0.476986), .result, "Multiplies the latents after the shift."),
        p("shift_factor", .float(NumberRange()), .float(0), .result, "Subtracted from the latents before scaling."),
        p("time_compression_ratio", .int(.positive), .int(4), .result, "Frames per latent frame (after the first)."),
        p("spatial_compression_ratio", .int(.positive), .int(8), .result, "Pixels per latent cell along height and width."),
        p("mid_block_add_attention", .bool, .bool(true), .result, "Attention in the middle block."),
        p("block_out_channels", .list(.int(.positive)), tuple(.int(128), .int(256), .int(512), .int(512)), .result, "Channels of each resolution level."),
        p("sample_size", .int(.positive), .int(256), .result, "Spatial tile size in pixels when tiling."),
        p("sample_tsize", .int(.positive), .int(64), .result, "Temporal tile length in frames when tiling."),
        p("use_slicing", .bool, .bool(false), .operational, "Encode a batch one sample at a time (same result, less memory)."),
        p("use_spatial_tiling", .bool, .bool(false), .result, "Encode large frames in overlapping tiles, blended at the seams."),
        p("use_temporal_tiling", .bool, .bool(false), .result, "Encode long clips in overlapping time windows, blended at the seams."),
        p("tile_overlap_factor", .float(probabilityBelowOne), .float(0.25), .result, "Overlap of neighbouring tiles, as a fraction of a tile."),
        p("dropout", .float(probabilityBelowOne), .float(0), .ignored, "Dropout in the blocks; no effect here, the trainer runs the VAE in eval mode."),
        p("channel", .bool, .bool(false), .ignored, "Accepted by Open-Sora's config class and read nowhere."),
    ])

    /// Latent channels of the DC-AE variants Open-Sora registers (f: spatial, t: temporal
    /// compression, c: channels).
    static let dcAEVariants: [String: Int64] = ["dc-ae-f32t4c128": 128]

    static let dcAE = TypeSchema(.ae, "dc_ae", engine: .opensora, doc: "Video DC-AE, Open-Sora 2.0's high-compression autoencoder: 4× in time, 32× in space, 128 latent channels.", parameters: [
        p("model_name", .choice(dcAEVariants.keys.sorted()), nil, .weights, "The architecture (compression factors and latent channels in its name)."),
        p("from_scratch", .bool, .bool(false), .result, "Build the architecture without fetching its Hugging Face weights (then from_pretrained supplies them)."),
        p("from_pretrained", .optional(.path), .null, .result, "Weights loaded after building."),
        p("is_training", .bool, .bool(false), .result, "Encode without tiling or per-sample splitting (the autoencoder-training path)."),
        p("use_spatial_tiling", .bool, .bool(false), .result, "Encode large frames in overlapping tiles."),
        p("use_temporal_tiling", .bool, .bool(false), .result, "Encode long clips in overlapping time windows."),
        p("spatial_tile_size", .int(.positive), .int(256), .result, "Spatial tile size in pixels."),
        p("temporal_tile_size", .int(.positive), .int(32), .result, "Temporal tile length in frames."),
        p("tile_overlap_factor", .float(probabilityBelowOne), .float(0.25), .result, "Overlap of neighbouring tiles, as a fraction of a tile."),
        p("scaling_factor", .optional(.float(.positive)), .null, .result, "Latents are divided by it (null: the model's own)."),
        p("disc_off_grad_ckpt", .bool, .bool(false), .ignored, "A decoder setting for autoencoder training; the diffusion trainer drops the decoder."),
    ])

    static let autoencoder2D = TypeSchema(.ae, "autoencoder_2d", engine: .opensora, doc: "Flux's image autoencoder (8× in space, frames encoded one by one).", parameters: [
        p("from_pretrained", .path, nil, .result, "The autoencoder's weights."),
        p("cache_dir", .optional(.path), .null, .operational, "Hugging Face cache folder for a hub from_pretrained."),
        p("resolution", .int(.positive), .int(256), .result, "Nominal image size of the architecture."),
        p("in_channels", .int(.positive), .int(3), .result, "Channels of the pixels encoded."),
        p("ch", .int(.positive), .int(128), .result, "Base channel count."),
        p("out_ch", .int(.positive), .int(3), .result, "Channels the decoder produces."),
        p("ch_mult", .list(.int(.positive)), list(.int(1), .int(2), .int(4), .int(4)), .result, "Channel multiplier of each resolution level (levels − 1 halvings of the size)."),
        p("num_res_blocks", .int(.positive), .int(2), .result, "Residual blocks per level."),
        p("z_channels", .int(.positive), .int(16), .weights, "Channels of the latent the diffusion model sees."),
        p("scale_factor", .float(NumberRange()), .float(0.3611), .result, "Multiplies the latents after the shift."),
        p("shift_factor", .float(NumberRange()), .float(0.1159), .result, "Subtracted from the latents before scaling."),
    ])

    /// Latent channels of the autoencoder a stage's `ae` names, when known from its parameters.
    static func latentChannels(of ae: ConfigMapping) -> Int64? {
        switch stringValue(ae["type"]) {
        case "hunyuan_vae": return intValue(ae["latent_channels"])
        case "dc_ae": return stringValue(ae["model_name"]).flatMap { dcAEVariants[$0] }
        case "autoencoder_2d": return intValue(ae["z_channels"])
        default: return nil
        }
    }

    // MARK: - Text encoders (opensora/models/text/conditioner.py)

    static let textEmbedder = TypeSchema(.text_encoder, "text_embedder", engine: .opensora, doc: "A Hugging Face text encoder: CLIP when from_pretrained names an openai model (its pooled vector), else T5 (its token embeddings).", parameters: [
        p("from_pretrained", .string, nil, .weights, "Hub name or folder of the encoder and its tokenizer; its output width must match the model's context_in_dim (T5) or vec_in_dim (CLIP)."),
        p("max_length", .int(.positive), nil, .result, "Tokens per caption: longer captions are cut, shorter ones padded."),
        p("shardformer", .bool, .bool(false), .operational, "Run T5 through ColossalAI's Shardformer with fused kernels (T5 only)."),
        p("cache_dir", .optional(.path), .null, .operational, "Hugging Face cache folder (passed on to from_pretrained)."),
        p("revision", .optional(.string), .null, .result, "Hub revision of the weights (passed on to from_pretrained)."),
        p("local_files_only", .bool, .bool(false), .operational, "Use the cache only, never the network (passed on to from_pretrained)."),
    ], checks: [{ entries in
        guard boolValue(entries["shardformer"]) == true, let name = stringValue(entries["from_pretrained"]), name.contains("openai") else { return nil }
        return SchemaIssue(key: "shardformer", message: "Shardformer is for T5 only; '\(name)' is loaded as CLIP, which Open-Sora refuses to shard")
    }])
}
