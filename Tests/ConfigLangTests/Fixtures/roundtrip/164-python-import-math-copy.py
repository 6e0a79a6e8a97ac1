pi = 3.141592653589793
max_epochs = 100
warmup = 5
decay = 33
scale = 1.4142135623730951
angle = 0.7853981633974483
model = dict(
    backbone=dict(
        depth=50,
        frozen=[1, 2],
    ),
)
teacher = dict(
    backbone=dict(
        depth=101,
        frozen=[1, 2],
    ),
)
student = dict(
    backbone=dict(
        depth=50,
        frozen=[1, 2, 3],
    ),
)
