bucket = {1: "int-one", 2: "int-two"}
