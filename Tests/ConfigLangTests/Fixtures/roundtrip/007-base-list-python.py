model = dict(
    type='resnet',
    depth=50,
)
lr = 0.1
