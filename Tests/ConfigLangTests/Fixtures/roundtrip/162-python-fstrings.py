lr = 0.0002
epochs = 12
arch = 'swin'
data = dict(
    root='data/coco/',
    split='train',
)
work_dir = './work_dirs/swin_12e_lr2e-04'
ann_file = 'data/coco/annotations/instances_train2017.json'
tag = "012-0.0002-50.0%-'swin'-    SWIN"
nested = '0.000'
multi = 'swin_12'
