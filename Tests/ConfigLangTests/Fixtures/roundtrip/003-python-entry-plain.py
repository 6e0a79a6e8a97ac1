name = 'exp'
n = 3
ratio = 0.5
flag = True
nothing = None
model = dict(
    depth=12,
    dims=[64, 128],
    head=dict(
        type='linear',
        bias=False,
    ),
)
sizes = (256, 512)
