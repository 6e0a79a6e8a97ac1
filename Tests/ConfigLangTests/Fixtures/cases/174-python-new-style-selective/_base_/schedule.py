from mmengine.config import read_base
with read_base():
    from .lrs import *
max_epochs = 12
train_cfg = dict(by_epoch=True, max_epochs=max_epochs)
