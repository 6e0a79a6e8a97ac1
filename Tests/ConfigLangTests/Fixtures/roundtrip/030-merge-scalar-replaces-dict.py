a = 1
b = None
c = [1]
d = 'text'
