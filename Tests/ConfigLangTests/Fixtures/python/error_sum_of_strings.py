x = sum(['a'])
