model = dict(
    backbone=dict(
        stem=dict(
            kind='patch',
        ),
        depth=4,
    ),
    head=None,
)
