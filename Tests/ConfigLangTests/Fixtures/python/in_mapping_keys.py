x = True in {1: 2}, 1.0 in {1: 2}, "a" in {"a": 1}
