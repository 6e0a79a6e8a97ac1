_base_ = ["../../common/b.py"]
x = 3
