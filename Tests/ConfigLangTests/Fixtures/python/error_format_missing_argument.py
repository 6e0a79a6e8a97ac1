x = '{}{}'.format(1)
