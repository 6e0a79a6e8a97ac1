_base_ = ["image.py"]
num_frames = 51
image_size = (240, 426)
model = dict(
    type="STDiT3-XL/2",
    from_pretrained=None,
    qk_norm=True,
    enable_flash_attn=False,
)
bucket_config = {
    "144p": {1: (1.0, 475), 51: (1.0, 51), 102: ((1.0, 0.33), 27)},
    "240p": {1: (0.3, 297), 51: (0.4, 20)},
}
lr = 1e-4 * 2
optim = dict(cls="HybridAdam", lr=lr, eps=1e-15, weight_decay=0.0)
grad_clip = 1.0 if lr > 1e-5 else -1
outputs = f"outputs/{model['type']}"
frames = [i * 17 for i in range(4)]
seed = 42
