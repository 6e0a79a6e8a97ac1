größe = 3
name = 'héllo ✓'
日本 = dict(
    値=1,
)
emoji = '🎬'
