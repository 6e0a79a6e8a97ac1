pipeline = [
    dict(
        type='Load',
    ),
]
