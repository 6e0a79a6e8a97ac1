data_preprocessor = dict(
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
)
stages = (1, 2, 3, 4)
bgr_mean = [103.53, 116.28, 123.675]
bgr_std = [57.375, 57.12, 58.395]
out_indices = (2, 3, 4)
first_two = (1, 2)
every_other = [0, 3, 6, 9]
suffix = 'model'
last = 103.53
pad_val = [104, 116, 124]
