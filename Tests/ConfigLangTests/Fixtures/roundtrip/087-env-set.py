workers = 16
name = 'run7'
