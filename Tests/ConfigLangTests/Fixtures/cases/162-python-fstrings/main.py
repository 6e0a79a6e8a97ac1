lr = 0.0002
epochs = 12
arch = 'swin'
data = dict(root='data/coco/', split='train')
work_dir = f'./work_dirs/{arch}_{epochs}e_lr{lr:.0e}'
ann_file = f"{data['root']}annotations/instances_{data['split']}2017.json"
tag = f'{epochs:03d}-{lr:g}-{0.5:.1%}-{arch!r}-{arch.upper():>8}'
nested = f'{lr:.{3}f}'
multi = f'{arch}' '_' f'{epochs}'
