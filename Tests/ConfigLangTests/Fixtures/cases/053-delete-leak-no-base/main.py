c = dict(_delete_=True, w=1)
