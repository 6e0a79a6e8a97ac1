model = dict(
    backbone=dict(
        depth=101,
        out=[0, 1, 3],
    ),
    head=dict(
        num_classes=80,
    ),
)
