from mmengine.model import BaseModel
model = dict(type=BaseModel, backbone=dict(type='ResNet', depth=50), neck=dict(in_channels=[256, 512]))
lr = 0.01
