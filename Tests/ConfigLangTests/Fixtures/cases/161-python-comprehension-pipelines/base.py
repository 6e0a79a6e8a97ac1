scales = [(1333, 640), (1333, 800)]
model = dict(type='Det', backbone=dict(depth=50, stages=4))
