a = 1
b = 'child'
