größe = 42
copy = 42
