train_cfg = dict(
    by_epoch=True,
    max_epochs=24,
)
lr = 0.02
param_scheduler = [
    dict(
        type='LinearLR',
        end=500,
    ),
    dict(
        type='MultiStepLR',
        milestones=[16, 22],
    ),
]
optim = dict(
    lr=0.01,
)
