optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9), clip_grad=None)
