there = '<CASE_DIR>/base'
here = '<CASE_DIR>'
