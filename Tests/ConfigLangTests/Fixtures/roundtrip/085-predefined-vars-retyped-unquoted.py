stem = 123
ext = '.yaml'
