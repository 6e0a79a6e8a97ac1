base_lr = 0.01
gpus = 8
batch = 16
lr = 0.005
num_classes = 3
milestones = [9, 18]
ratio = 0.5
name = '8x16'
rounded = (0.005, 2, 8)
biggest = (16, 1, 1.5)
epochs = [0, 3, 6, 9]
shape = (3, 224, 224)
cfg = dict(
    a=1,
    b=2,
)
order = ['c', 'b', 'a']
indexed = {
    0: 'x',
    1: 'y',
}
flag = (False, True)
total = 1.75
