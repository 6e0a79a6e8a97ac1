model = dict(type="resnet", depth=18)
lr = 0.1
