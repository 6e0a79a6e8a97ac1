workers = 4
root = '/srv/data'
