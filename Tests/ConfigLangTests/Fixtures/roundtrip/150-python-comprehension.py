frames = [1, 5, 9, 13]
