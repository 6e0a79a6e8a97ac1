epochs = 10
model = dict(
    type='net',
    width=2,
)
