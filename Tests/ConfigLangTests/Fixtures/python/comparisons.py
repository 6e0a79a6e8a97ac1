a = 1 < 2 < 3, 1 < 3 < 2, 1 == 1.0, 'a' != 'b', [1, 2] == [1, 2], (1,) == [1], 2 >= 2, 'ab' < 'b'
b = 1 in [1, 2], 'x' not in 'abc', 'k' in {'k': 1}, None is None, None is not None, True is True
c = 1 and 2, 0 and 2, 0 or 'x', '' or [], not 0, not [1]
d = 'big' if 3 > 2 else 'small', 1 if [] else 2
e = 7 % 3, -7 % 3, 7 % -3, 7.5 % 2, -7.5 % 2, 0 % 5
f = [x for x in range(10) if x % 3 == 0 and x not in (3,)]
g = 1.5 < 2 == 2.0, float('nan') == float('nan'), 0.1 + 0.2 == 0.3
