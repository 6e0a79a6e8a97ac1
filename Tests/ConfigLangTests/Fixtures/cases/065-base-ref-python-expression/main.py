_base_ = "base.py"
teacher = {{_base_.model}}
depth = {{ _base_.model.depth }}
