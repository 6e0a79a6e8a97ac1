train = dict(
    epochs=5,
    batch=8,
)
seed = 0
