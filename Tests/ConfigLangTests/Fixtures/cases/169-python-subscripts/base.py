train_pipeline = [dict(type='LoadImage'), dict(type='Resize', scale=(1333, 800))]
dataset_type = 'CocoDataset'
