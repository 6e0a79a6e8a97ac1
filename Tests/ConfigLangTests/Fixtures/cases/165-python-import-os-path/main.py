import os.path as osp
data_root = 'data/coco/'
ann_file = osp.join(data_root, 'annotations', 'train.json')
img_dir = osp.join(data_root, '/abs', 'imgs')
stem, ext = osp.splitext(osp.basename(ann_file))
parent = osp.dirname(ann_file)
