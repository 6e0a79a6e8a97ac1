lr = 0.01
name = 'base'
lr2 = 0.01
spaced = 0.01
name_copy = 'base'
