a = b = 1
c, d = 1, 2
(e, f), g = (3, 4), 5
[h, i] = 'xy'
j: int = 7
k: float
m = dict(backbone=dict(depth=50), neck=[1, 2])
m['backbone']['depth'] = 101
m['neck'][0] = 'n'
m['new'] = [0]
n = 1
n += 2
n *= 3
n -= 1
n //= 2
n **= 2
s = 'a'
s += 'b'
t = (1,)
t += (2,)
lst = [1]
lst += [2]
lst += (3,)
lst *= 2
x = 5
x %= 3
tmp = 1
del tmp
dd = dict(p=1, q=2)
del dd['p']
ll = [1, 2, 3]
del ll[-1]
