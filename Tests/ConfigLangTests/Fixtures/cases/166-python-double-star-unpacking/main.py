_base_ = './base.py'
common = dict(type='Conv', bias=False)
conv = dict(**common, kernel=3)
conv2 = {**common, 'kernel': 1, **dict(stride=2)}
norm = dict(_base_.norm_cfg, momentum=0.1)
norm2 = dict(**_base_.norm_cfg)
merged = {**norm, **conv}
positional = dict(common)
from_pairs = dict([('a', 1), ('b', 2)])
