text = "hello"
