workers = 4
spaced = 2.5
word = 'hello'
