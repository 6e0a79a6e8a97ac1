a = dict(x=1,,)
