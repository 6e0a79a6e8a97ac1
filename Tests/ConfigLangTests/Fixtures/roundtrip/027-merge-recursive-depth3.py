model = dict(
    backbone=dict(
        stem=dict(
            channels=64,
            stride=2,
        ),
        depth=50,
    ),
    head=dict(
        classes=10,
    ),
    neck=dict(
        out=256,
    ),
)
