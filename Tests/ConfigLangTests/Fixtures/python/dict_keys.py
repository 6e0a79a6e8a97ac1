d = {1: "one", "1": "string one", -2: "neg", 0x10: "hex"}
dup = {"a": 1, "b": 2, "a": 3}
nested = {"256px": {1: (1.0, 45), 51: (0.5, 1)}}
