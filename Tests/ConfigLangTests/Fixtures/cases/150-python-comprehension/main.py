frames = [i * 4 + 1 for i in range(4)]
