pipeline = [dict(type='A')]
train = dict(pipeline=pipeline)
pipeline.append(dict(type='B'))
