from torch.optim import SGD
opt = SGD(lr=1)
