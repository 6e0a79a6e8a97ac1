i = 'outer'
squares = [i * i for i in range(4)]
after = i
pairs = [(i, j) for i in range(2) for j in range(i, 2)]
