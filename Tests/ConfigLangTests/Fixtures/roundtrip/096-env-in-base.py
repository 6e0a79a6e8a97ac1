theirs = 'v3'
mine = 'v3'
