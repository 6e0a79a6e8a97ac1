caption = "un vélo — 自転車"
tags = dict(größe="groß")
m = {"日本": 1}
