_base_ = "base.json"
max = 9223372036854775807
computed = 2**62 + (2**62 - 1)
