a = dict(
    x=1,
    y=2,
)
b = 'base'
