base_lr = 0.02
param_scheduler = [dict(type='LinearLR', end=500), dict(type='MultiStepLR', milestones=[8, 11])]
