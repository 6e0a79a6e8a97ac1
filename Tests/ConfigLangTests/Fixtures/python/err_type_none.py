x = None + 1
