model = dict(
    type='mmengine.model.BaseModel',
    backbone=dict(
        type='ResNet',
        depth=101,
    ),
    neck=dict(
        in_channels=[256, 512],
        out=5,
    ),
    bbox_head=dict(
        num_classes=3,
    ),
)
lr = 0.01
default_scope = 'mmdet'
log_level = 'INFO'
optim_wrapper = dict(
    optimizer=dict(
        type='torch.optim.SGD',
        lr=0.02,
    ),
)
sampler = dict(
    type='mmengine.dataset.DefaultSampler',
    shuffle=True,
)
act = dict(
    type='torch.nn.ReLU',
)
types = ['torch.optim.SGD', 'torch.nn.GELU']
