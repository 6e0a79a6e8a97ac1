_base_ = "schedule.py"
model = dict(type="net", width=1)
