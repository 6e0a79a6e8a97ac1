x = 1 + \
    2
y = [
    1,
    # comment inside
    2,
]
z = dict(a=1,
         b=2)
w = (1 +
     2) * 3
