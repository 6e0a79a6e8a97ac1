a = 1
b = a + 2 ** 3 // 2 % 5
c = {"k": [a, b, (a, b)], **dict(x=-1.5)}
d = "s" "t" + 'u' * 3
e = not a and b or None
f = c["k"][2][0]
del a
