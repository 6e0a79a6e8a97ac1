x = {True: 1}
