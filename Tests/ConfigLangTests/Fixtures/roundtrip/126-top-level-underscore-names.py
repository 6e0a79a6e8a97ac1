_single = 'kept'
_private = 2
visible = 3
