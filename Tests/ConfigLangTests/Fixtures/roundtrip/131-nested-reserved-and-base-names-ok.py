data = dict(
    filename='a.csv',
    text='caption',
    _base_='not-special',
)
