x = dict(a=1)['a']['b']
