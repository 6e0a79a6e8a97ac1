_base_ = './base.py'
_base_.model.backbone.depth = 101
_base_.model['neck']['channels'].append(3)
detector = _base_.model
detector.backbone.norm = dict(type='SyncBN')
_base_.train_dataloader.dataset.update(dict(ann='a.json'))
_base_.model.update(dict(backbone=dict(frozen=1)))
model = dict(test_cfg=dict(nms=0.5))
pipeline = [dict(type='B')]
_base_.train_dataloader.dataset.pipeline = pipeline
pipeline.append(dict(type='C'))
