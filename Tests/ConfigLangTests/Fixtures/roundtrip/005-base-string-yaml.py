a = 1
b = 'child'
c = 'new'
