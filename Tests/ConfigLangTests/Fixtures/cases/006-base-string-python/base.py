a = 1
b = "base"
