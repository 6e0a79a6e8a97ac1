size = 'large'
x = 1
