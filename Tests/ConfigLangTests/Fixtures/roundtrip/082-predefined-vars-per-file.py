base_dir = '<CASE_DIR>/sub'
base_name = 'base.yaml'
child_dir = '<CASE_DIR>'
child_name = 'main.json'
