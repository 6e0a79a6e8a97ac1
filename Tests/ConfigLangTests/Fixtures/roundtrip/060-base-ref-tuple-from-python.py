sizes = (256, 512)
m = dict(
    pair=(
        (1, 2),
        (3,),
    ),
)
copy = (256, 512)
inner = (
    (1, 2),
    (3,),
)
