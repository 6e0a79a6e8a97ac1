parent = '<CASE_DIR>'
child = '<CASE_DIR>/sub'
