_base_ = "base.yaml"
__hidden = 1
_private = 2
visible = 3
