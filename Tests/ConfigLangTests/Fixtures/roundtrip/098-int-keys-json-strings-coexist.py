bucket = {
    1: 'int-one',
    2: 'int-two',
    '1': 'from-json',
    '2': 'new',
}
