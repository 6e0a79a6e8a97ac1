port = '8080'
port_int = 8080
