x = int('1.5')
