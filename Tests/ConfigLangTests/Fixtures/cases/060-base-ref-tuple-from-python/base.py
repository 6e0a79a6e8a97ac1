sizes = (256, 512)
m = dict(pair=((1, 2), (3,)))
