größe = 3
name = 'héllo ✓'
raw = '✓'
日本 = dict(
    値=1,
)
