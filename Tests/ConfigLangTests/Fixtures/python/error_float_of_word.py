x = float('abc')
