dir = "{{ fileDirname }}"
base = "{{ fileBasename }}"
stem = "{{ fileBasenameNoExtension }}"
ext = "{{ fileExtname }}"
