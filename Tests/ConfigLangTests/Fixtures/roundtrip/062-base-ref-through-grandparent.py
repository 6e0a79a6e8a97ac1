root_val = dict(
    a=1,
)
mid_ref = dict(
    a=1,
)
x = dict(
    a=1,
)
y = dict(
    a=1,
)
