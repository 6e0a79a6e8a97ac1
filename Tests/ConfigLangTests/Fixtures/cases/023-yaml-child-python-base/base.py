model = dict(type="resnet", depth=18, strides=(1, 2, 2))
sizes = (256, 512)
keep = ((1, 2), (3, 4))
