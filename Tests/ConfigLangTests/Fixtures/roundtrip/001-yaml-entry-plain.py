name = 'exp'
n = 3
ratio = 0.5
flag = True
none = None
model = dict(
    depth=12,
    dims=[64, 128],
    head=dict(
        type='linear',
        bias=False,
    ),
)
