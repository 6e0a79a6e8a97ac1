scales = [
    (1333, 640),
    (1333, 800),
]
model = dict(
    type='Det',
    backbone=dict(
        depth=50,
        stages=4,
    ),
)
train_pipeline = [
    dict(
        type='LoadImageFromFile',
    ),
    dict(
        type='Resize',
        scale=(1333, 640),
        keep_ratio=True,
    ),
    dict(
        type='Resize',
        scale=(1333, 800),
        keep_ratio=True,
    ),
    dict(
        type='PackDetInputs',
    ),
]
stage_cfgs = [
    dict(
        depth=3,
        dilation=1,
    ),
    dict(
        depth=4,
        dilation=1,
    ),
    dict(
        depth=6,
        dilation=2,
    ),
    dict(
        depth=3,
        dilation=2,
    ),
]
lr_mult = {
    'backbone.layer1': dict(
        lr_mult=0.1,
    ),
    'backbone.layer2': dict(
        lr_mult=0.2,
    ),
    'backbone.layer3': dict(
        lr_mult=0.30000000000000004,
    ),
}
by_key = dict(
    depth=50,
)
grid = [
    [0, 1, 2],
    [0, 2, 4],
]
zipped = [
    dict(
        name='a',
        w=0.5,
    ),
    dict(
        name='b',
        w=1.0,
    ),
]
total = 1440
