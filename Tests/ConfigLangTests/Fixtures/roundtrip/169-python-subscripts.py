train_pipeline = [
    dict(
        type='LoadImage',
    ),
    dict(
        type='Resize',
        scale=(1333, 800),
    ),
]
dataset_type = 'CocoDataset'
pipeline = [
    dict(
        type='A',
    ),
    dict(
        type='B',
        size=(3, 4),
    ),
]
first_type = 'A'
last = dict(
    type='B',
    size=(3, 4),
)
size_h = 3
scale = (1333, 800)
meta = dict(
    a=1,
    b=2,
)
picked = 2
letters = 'b'
