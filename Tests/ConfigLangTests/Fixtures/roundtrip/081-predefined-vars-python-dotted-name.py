dir = '<CASE_DIR>'
base = 'cfg.v2.py'
stem = 'cfg.v2'
ext = '.py'
