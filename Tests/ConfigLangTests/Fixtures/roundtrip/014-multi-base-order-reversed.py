z = 26
y = 25
a = dict(
    k=2,
    j=0,
)
m = 0
