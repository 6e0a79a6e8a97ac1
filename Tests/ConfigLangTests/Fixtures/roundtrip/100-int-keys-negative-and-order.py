m = {
    3: 'three',
    1: 'b1',
    -1: 'neg',
    '3': 'str-three',
}
