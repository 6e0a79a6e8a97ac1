from mmengine.config import read_base
with read_base():
    from ._base_.schedule import train_cfg, base_lr as lr
    from ._base_.schedule import param_scheduler
train_cfg.update(max_epochs=24)
param_scheduler[1].milestones = [16, 22]
optim = dict(lr=lr / 2)
