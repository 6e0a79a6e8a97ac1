a1 = 1
a2 = 2
b1 = 1
b2 = 'over'
c1 = 1
c2 = dict(
    x=1,
)
d = 4
