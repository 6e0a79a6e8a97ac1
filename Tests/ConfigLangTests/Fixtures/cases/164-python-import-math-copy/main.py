import copy
import math
from copy import deepcopy
from math import pi
max_epochs = 100
warmup = math.ceil(max_epochs * 0.05)
decay = math.floor(max_epochs / 3)
scale = math.sqrt(2.0)
angle = pi / 4
model = dict(backbone=dict(depth=50, frozen=[1, 2]))
teacher = copy.deepcopy(model)
teacher['backbone']['depth'] = 101
student = deepcopy(model)
student['backbone']['frozen'].append(3)
