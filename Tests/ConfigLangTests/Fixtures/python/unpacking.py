base = dict(type='Resize', keep_ratio=True)
a = dict(**base, scale=(1, 2))
b = {**base, 'scale': 3, **{'k': 1}}
c = dict(base, keep_ratio=False)
d = {**base, 'type': 'Other'}
l1 = [1, 2]
e = [*l1, 3, *range(2)]
f = (*l1,)
g = max(*l1)
kw = dict(sep='-')
h = '{}-{}'.format(*l1)
i = dict(**{'x': 1}, **{'y': 2})
