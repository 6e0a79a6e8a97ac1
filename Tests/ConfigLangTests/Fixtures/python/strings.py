s1 = 'single'
s2 = "double"
s3 = """triple
quoted"""
s4 = '''also
triple'''
s5 = "esc: \n \t \\ \' \" \x41 \u00e9 \U0001F600 \101 \0"
s6 = r"raw \n \d"
s7 = "a" "b" 'c'
s8 = ("multi"
      "line")
s9 = "unknown \d escape"
s10 = "continued \
line"
s11 = "ünï 😀"
s12 = u"u-prefix"
s13 = R'raw\'quote'
s14 = "has # no comment"  # but this is one
