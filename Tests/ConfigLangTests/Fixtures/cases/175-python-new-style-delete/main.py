from mmengine.config import read_base
with read_base():
    from ._base_.opt import *
optim_wrapper.merge(dict(optimizer=dict(_delete_=True, type='AdamW', lr=0.001), paramwise_cfg=dict(_delete_=True, norm=0.0)))
