model = dict(type="net", depth=3)
