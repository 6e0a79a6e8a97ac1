a = '/data'
