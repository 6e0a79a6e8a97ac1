a = 's'
b = 1.5
c = None
d = False
