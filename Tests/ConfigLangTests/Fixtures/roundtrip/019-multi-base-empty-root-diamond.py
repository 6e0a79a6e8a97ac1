l = 1
r = 1
top = 1
