model = dict(
    type='M',
    backbone=dict(
        depth=50,
    ),
)
teacher = dict(
    type='M',
    backbone=dict(
        depth=50,
    ),
)
depth = 50
missing = 'none'
keys = ['type', 'backbone']
extra = dict(
    b=2,
    c=3,
)
a_value = 1
pipeline = [
    dict(
        type='Load',
    ),
    dict(
        type='Pack',
    ),
    dict(
        type='X',
    ),
]
name = 'RetinaNet'
lower = 'retinanet'
parts = ['a', 'b', 'c']
joined = 'a_b_c'
swapped = 'r101_fpn'
described = 'RetinaNet-3'
