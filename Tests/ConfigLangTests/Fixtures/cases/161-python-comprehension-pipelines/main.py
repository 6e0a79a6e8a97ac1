_base_ = './base.py'
train_pipeline = [
    dict(type='LoadImageFromFile'),
    *[dict(type='Resize', scale=s, keep_ratio=True) for s in _base_.scales],
    dict(type='PackDetInputs'),
]
stage_cfgs = [dict(depth=d, dilation=1 if i < 2 else 2) for i, d in enumerate([3, 4, 6, 3]) if d > 2]
lr_mult = {f'backbone.layer{i}': dict(lr_mult=0.1 * i) for i in range(1, 4)}
by_key = {k: v for k, v in _base_.model.backbone.items() if k != 'stages'}
grid = [[x * y for x in range(3)] for y in range(1, 3)]
zipped = [dict(name=n, w=w) for n, w in zip(['a', 'b'], [0.5, 1.0])]
total = sum(s[1] for s in _base_.scales)
