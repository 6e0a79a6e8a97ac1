model = dict(backbone=dict(stem=dict(kind="conv", k=7), depth=4), head=None)
