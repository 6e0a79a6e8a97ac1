dataset = dict(
    type='video_text',
    transform_name='resize_crop',
    fps_max=24,
    vmaf=True,
)
grad_ckpt_settings = (100, 100)
bucket_config = {
    '256px': {
        1: (1.0, 195),
        5: (1.0, 80),
        9: (1.0, 80),
        13: (1.0, 80),
        17: (1.0, 80),
        21: (1.0, 80),
        25: (1.0, 80),
        29: (1.0, 80),
        33: (1.0, 80),
        37: (1.0, 40),
        41: (1.0, 40),
        45: (1.0, 40),
        49: (1.0, 40),
        53: (1.0, 40),
        57: (1.0, 40),
        61: (1.0, 40),
        65: (1.0, 40),
        69: (1.0, 28),
        73: (1.0, 28),
        77: (1.0, 28),
        81: (1.0, 28),
        85: (1.0, 28),
        89: (1.0, 28),
        93: (1.0, 28),
        97: (1.0, 28),
        101: (1.0, 23),
        105: (1.0, 23),
        109: (1.0, 23),
        113: (1.0, 23),
        117: (1.0, 23),
        121: (1.0, 23),
        125: (1.0, 23),
        129: (1.0, 23),
    },
    '768px': {
        1: (0.5, 38),
        5: (0.5, 10),
        9: (0.5, 10),
        13: (0.5, 10),
        17: (0.5, 10),
        21: (0.5, 10),
        25: (0.5, 10),
        29: (0.5, 10),
        33: (0.5, 10),
        37: (0.5, 5),
        41: (0.5, 5),
        45: (0.5, 5),
        49: (0.5, 5),
        53: (0.5, 5),
        57: (0.5, 5),
        61: (0.5, 5),
        65: (0.5, 5),
        69: (0.5, 3),
        73: (0.5, 3),
        77: (0.5, 3),
        81: (0.5, 3),
        85: (0.5, 3),
        89: (0.5, 3),
        93: (0.5, 3),
        97: (0.5, 3),
        101: (0.5, 2),
        105: (0.5, 2),
        109: (0.5, 2),
        113: (0.5, 2),
        117: (0.5, 2),
        121: (0.5, 2),
        125: (0.5, 2),
        129: (0.5, 2),
    },
}
model = dict(
    type='flux',
    from_pretrained=None,
    strict_load=False,
    guidance_embed=False,
    fused_qkv=False,
    use_liger_rope=True,
    grad_ckpt_settings=(100, 100),
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
    cond_embed=True,
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
plugin = 'hybrid'
grad_checkpoint = True
plugin_config = dict(
    reduce_bucket_size_in_m=128,
    overlap_allgather=False,
    tp_size=1,
    pp_size=1,
    sp_size=4,
    sequence_parallelism_mode='ring_attn',
    enable_sequence_parallelism=True,
    static_graph=True,
    zero_stage=2,
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
ckpt_every = 200
keep_n_latest = 20
wandb_project = 'mmdit'
save_master_weights = True
load_master_weights = True
grad_ckpt_buffer_size = 26843545600
condition_config = dict(
    t2v=1,
    i2v_head=5,
    i2v_loop=1,
    i2v_tail=1,
)
