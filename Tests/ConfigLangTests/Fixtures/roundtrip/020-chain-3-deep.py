model = dict(
    a=20,
    b=2,
    c=3,
)
only_root = True
only_mid = True
only_main = True
