_base_ = ["{{ fileDirname }}/base/b.py"]
here = "{{ fileDirname }}"
