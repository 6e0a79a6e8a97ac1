size = 256
name = f"{size}px"
