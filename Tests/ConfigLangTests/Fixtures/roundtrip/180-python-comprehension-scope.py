i = 'outer'
squares = [0, 1, 4, 9]
after = 'outer'
pairs = [
    (0, 0),
    (0, 1),
    (1, 1),
]
