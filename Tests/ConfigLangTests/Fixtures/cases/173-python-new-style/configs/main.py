from mmengine.config import read_base

with read_base():
    from .._base_.models.retina import *
    from .._base_.runtime import *

from torch.optim import SGD
from mmengine.dataset import DefaultSampler as Sampler
import torch.nn as nn

model.backbone.depth = 101
model.merge(dict(neck=dict(out=5), bbox_head=dict(num_classes=3)))
optim_wrapper = dict(optimizer=dict(type=SGD, lr=lr * 2))
sampler = dict(type=Sampler, shuffle=True)
act = dict(type=nn.ReLU)
types = [SGD, nn.GELU]
