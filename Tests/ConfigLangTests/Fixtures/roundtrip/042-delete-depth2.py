model = dict(
    head=dict(
        type='mlp',
    ),
    depth=3,
)
