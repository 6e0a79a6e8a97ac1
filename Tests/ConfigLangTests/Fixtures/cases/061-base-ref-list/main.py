_base_ = "base.yaml"
dims2 = {{_base_.dims}}
