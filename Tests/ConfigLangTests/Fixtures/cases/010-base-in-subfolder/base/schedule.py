epochs = 10
