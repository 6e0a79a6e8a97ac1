a = 1
b = a + 1
_private = "kept"
__dunder = "dropped"
c = __dunder
a = 3
d = [a, b]
e = dict(x=a, y=dict(z=b))
f = {1: a, "k": (b, a)}
g = a, b
