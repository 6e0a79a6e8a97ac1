_base_ = "main.py"
a = 1
