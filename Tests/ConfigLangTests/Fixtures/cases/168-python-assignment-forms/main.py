a = b = 1
img_scale = (640, 640)
w, h = img_scale
(x, y), z = (1, 2), 3
max_epochs: int = 300
num_last_epochs: int
base = 10
base += 5
base //= 2
tags = ['a']
tags += ['b']
