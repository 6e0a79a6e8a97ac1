model = dict(
    type='Det',
    backbone=dict(
        depth=101,
        norm=dict(
            type='SyncBN',
        ),
        frozen=1,
    ),
    neck=dict(
        channels=[1, 2, 3],
    ),
    test_cfg=dict(
        nms=0.5,
    ),
)
train_dataloader = dict(
    batch_size=2,
    dataset=dict(
        pipeline=[
            dict(
                type='B',
            ),
        ],
        ann='a.json',
    ),
)
detector = dict(
    type='Det',
    backbone=dict(
        depth=101,
        norm=dict(
            type='SyncBN',
        ),
        frozen=1,
    ),
    neck=dict(
        channels=[1, 2, 3],
    ),
)
pipeline = [
    dict(
        type='B',
    ),
    dict(
        type='C',
    ),
]
