_base_ = './base.py'
pipeline = [dict(type='A'), dict(type='B', size=(3, 4))]
first_type = pipeline[0]['type']
last = pipeline[-1]
size_h = pipeline[1]['size'][0]
scale = _base_.train_pipeline[1]['scale']
meta = {'a': 1, 'b': 2}
picked = meta['b']
letters = 'abc'[1]
