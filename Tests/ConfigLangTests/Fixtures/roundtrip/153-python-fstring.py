size = 256
name = '256px'
