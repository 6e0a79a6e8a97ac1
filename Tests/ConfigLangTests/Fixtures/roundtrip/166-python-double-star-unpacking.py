norm_cfg = dict(
    type='BN',
    requires_grad=True,
)
common = dict(
    type='Conv',
    bias=False,
)
conv = dict(
    type='Conv',
    bias=False,
    kernel=3,
)
conv2 = dict(
    type='Conv',
    bias=False,
    kernel=1,
    stride=2,
)
norm = dict(
    type='BN',
    requires_grad=True,
    momentum=0.1,
)
norm2 = dict(
    type='BN',
    requires_grad=True,
)
merged = dict(
    type='Conv',
    requires_grad=True,
    momentum=0.1,
    bias=False,
    kernel=3,
)
positional = dict(
    type='Conv',
    bias=False,
)
from_pairs = dict(
    a=1,
    b=2,
)
