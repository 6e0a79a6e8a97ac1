base_lr = 0.01
gpus = 8
batch = 16
lr = base_lr * gpus * batch / 256
num_classes = len(['person', 'car', 'bike'])
milestones = [int(e * 0.75) for e in (12, 24)]
ratio = float('0.5')
name = str(gpus) + 'x' + str(batch)
rounded = round(lr, 4), round(2.5), round(7.5)
biggest = max(gpus, batch), min([3, 1, 2]), abs(-1.5)
epochs = list(range(0, 12, 3))
shape = tuple([3, 224, 224])
cfg = dict(zip(['a', 'b'], [1, 2]))
order = sorted(['b', 'c', 'a'], reverse=True)
indexed = dict(enumerate(['x', 'y']))
flag = bool(0), bool('x')
total = sum([0.5, 0.25], 1)
