epochs = 3
iters = 100
model = dict(
    depth=2,
    teacher=dict(
        depth=2,
    ),
)
steps = 300
