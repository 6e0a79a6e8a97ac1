there = "{{ fileDirname }}"
