m = {1: dict(a=1)}
