model = dict(
    type='resnet',
    depth=50,
    strides=(1, 2, 2),
)
sizes = [1, 2]
keep = (
    (1, 2),
    (3, 4),
)
