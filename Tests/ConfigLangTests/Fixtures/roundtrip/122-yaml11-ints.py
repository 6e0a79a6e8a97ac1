octal = 8
octal_o = '0o10'
hex = 31
under = 1000
sexa = 90
plus = 5
bin = 5
zero = 0
