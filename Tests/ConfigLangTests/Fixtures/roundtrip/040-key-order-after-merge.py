a = 10
b = 2
c = dict(
    y=9,
    x=2,
    z=0,
)
d = 4
new1 = 1
new2 = 2
