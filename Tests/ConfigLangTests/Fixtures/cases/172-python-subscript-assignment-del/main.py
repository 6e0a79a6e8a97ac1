model = dict(backbone=dict(depth=50, out=[0, 1, 2]), neck=None)
model['backbone']['depth'] = 101
model['backbone']['out'][-1] = 3
model['head'] = dict(num_classes=80)
tmp = dict(x=1)
del tmp
del model['neck']
