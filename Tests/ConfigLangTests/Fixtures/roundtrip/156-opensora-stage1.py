dataset = dict(
    type='video_text',
    transform_name='resize_crop',
    fps_max=24,
    vmaf=True,
    memory_efficient=False,
)
grad_ckpt_settings = (8, 100)
bucket_config = {
    '256px': {
        1: (1.0, 45),
        5: (1.0, 12),
        9: (1.0, 12),
        13: (1.0, 12),
        17: (1.0, 12),
        21: (1.0, 12),
        25: (1.0, 12),
        29: (1.0, 12),
        33: (1.0, 12),
        37: (1.0, 6),
        41: (1.0, 6),
        45: (1.0, 6),
        49: (1.0, 6),
        53: (1.0, 6),
        57: (1.0, 6),
        61: (1.0, 6),
        65: (1.0, 6),
        69: (1.0, 4),
        73: (1.0, 4),
        77: (1.0, 4),
        81: (1.0, 4),
        85: (1.0, 4),
        89: (1.0, 4),
        93: (1.0, 4),
        97: (1.0, 4),
        101: (1.0, 3),
        105: (1.0, 3),
        109: (1.0, 3),
        113: (1.0, 3),
        117: (1.0, 3),
        121: (1.0, 3),
        125: (1.0, 3),
        129: (1.0, 3),
    },
    '768px': {
        1: (0.5, 13),
    },
    '1024px': {
        1: (0.5, 7),
    },
}
model = dict(
    type='flux',
    from_pretrained=None,
    strict_load=False,
    guidance_embed=False,
    fused_qkv=False,
    use_liger_rope=True,
    grad_ckpt_settings=(8, 100),
    in_channels=64,
    vec_in_dim=768,
    context_in_dim=4096,
    hidden_size=3072,
    mlp_ratio=4.0,
    num_heads=24,
    depth=19,
    depth_single_blocks=38,
    axes_dim=[16, 56, 56],
    theta=10000,
    qkv_bias=True,
)
dropout_ratio = dict(
    t5=0.31622777,
    clip=0.31622777,
)
ae = dict(
    type='hunyuan_vae',
    from_pretrained='./ckpts/hunyuan_vae.safetensors',
    in_channels=3,
    out_channels=3,
    layers_per_block=2,
    latent_channels=16,
    use_spatial_tiling=True,
    use_temporal_tiling=False,
)
is_causal_vae = True
t5 = dict(
    type='text_embedder',
    from_pretrained='google/t5-v1_1-xxl',
    cache_dir='/mnt/ddn/sora/tmp_load/huggingface/hub/',
    max_length=512,
    shardformer=True,
)
clip = dict(
    type='text_embedder',
    from_pretrained='openai/clip-vit-large-patch14',
    cache_dir='/mnt/ddn/sora/tmp_load/huggingface/hub/',
    max_length=77,
)
lr = 5e-05
eps = 1e-15
optim = dict(
    cls='HybridAdam',
    lr=5e-05,
    eps=1e-15,
    weight_decay=0.0,
    adamw_mode=True,
)
warmup_steps = 0
update_warmup_steps = True
grad_clip = 1.0
accumulation_steps = 1
ema_decay = None
prefetch_factor = 2
num_workers = 12
num_bucket_build_workers = 64
dtype = 'bf16'
plugin = 'zero2'
grad_checkpoint = True
plugin_config = dict(
    reduce_bucket_size_in_m=128,
    overlap_allgather=False,
)
pin_memory_cache_pre_alloc_numels = [
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    293601280,
    56623104,
    56623104,
    56623104,
    56623104,
]
async_io = False
seed = 42
outputs = 'outputs'
epochs = 1000
log_every = 10
ckpt_every = 2000
keep_n_latest = 20
wandb_project = 'mmdit'
save_master_weights = True
load_master_weights = True
