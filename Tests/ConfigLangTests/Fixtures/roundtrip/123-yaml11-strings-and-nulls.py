e3 = '1e3'
tilde = None
title_null = None
upper = None
empty = None
quoted_null = 'null'
ver = '1.2.3'
