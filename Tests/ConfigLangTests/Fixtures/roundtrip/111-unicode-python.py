caption = 'un vélo — 自転車'
tags = dict(
    größe='groß',
)
m = dict(
    日本=1,
)
