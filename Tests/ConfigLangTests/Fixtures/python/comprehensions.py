# List and dict comprehensions as real configs write them.
frames = [i * 4 + 1 for i in range(4)]
evens = [i for i in range(10) if i % 2 == 0 if i > 2]
grid = [[x * y for x in range(3)] for y in range(2)]
flat = [x + y for x in range(3) for y in range(x)]
pairs = {k: v for k, v in zip(['a', 'b', 'c'], [1, 2, 3])}
numbered = [(i, s) for i, s in enumerate('xyz')]
numbered1 = [(i, s) for i, s in enumerate(['p', 'q'], start=1)]
inverted = {v: k for k, v in pairs.items()}
keys = [k for k in pairs]
values = [v * 2 for v in pairs.values()]
total = sum(x * x for x in range(5))
scales = [dict(type='Resize', scale=(s, s)) for s in (256, 320, 384)]
stage = [dict(depth=d, name=f'stage{i}') for i, d in enumerate([2, 2, 18, 2])]
x = 10
shadow = [x for x in range(3)]
after = x
chars = [c.upper() for c in 'abc']
nested_if = [a if a > 1 else -a for a in range(4)]
empty = [i for i in []]
reversed_list = [i for i in reversed([1, 2, 3])]
sorted_keys = sorted(k for k in {'b': 1, 'a': 2})
