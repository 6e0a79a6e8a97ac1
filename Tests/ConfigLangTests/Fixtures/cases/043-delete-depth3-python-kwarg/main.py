_base_ = ["base.py"]
model = dict(backbone=dict(stem=dict(_delete_=True, kind="patch")))
