debug = True
if debug:
    bs = 1
else:
    bs = 64
