"""Shapes taken from Open-Sora 2.0's training configs."""
# dataset
dataset = dict(
    type="video_text",
    transform_name="resize_crop",
    fps_max=24,  # trailing comment
    vmaf=True,
)

bucket_config = {
    "256px": {1: (1.0, 45), 5: (1.0, 12)},
    "768px": {1: (0.5, 13)},
}

pin_memory_cache_pre_alloc_numels = [(260 + 20) * 1024 * 1024] * 24 + [(34 + 20) * 1024 * 1024] * 4
grad_ckpt_buffer_size = 25 * 1024**3

lr = 5e-5
eps = 1e-15
optim = dict(
    cls="HybridAdam",
    lr=lr,
    eps=eps,
    weight_decay=0.0,
    adamw_mode=True,
)
model = dict(type="x", _delete_=True)
ae = {"_delete_": True, "from_pretrained": None}
num_workers = 12
prefetch_factor = 2
cache = [50 * 1024 * 1024] * num_workers * prefetch_factor
prompt = "一只猫 — a cat, ünïcödé"
grad_clip = 1.0
ema_decay = None
kernel_size = (8, 8, -1)
time_scale = 2 / 3
fps = 24 // 2
