model = dict(type='Det', backbone=dict(depth=50, norm=dict(type='BN')), neck=dict(channels=[1, 2]))
train_dataloader = dict(batch_size=2, dataset=dict(pipeline=[dict(type='A')]))
