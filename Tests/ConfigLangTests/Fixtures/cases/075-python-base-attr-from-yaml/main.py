_base_ = "base.yaml"
steps = _base_.epochs * _base_.iters
model = dict(teacher=_base_.model)
