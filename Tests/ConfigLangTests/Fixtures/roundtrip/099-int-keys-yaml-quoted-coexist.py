b = {
    256: 'bare',
    '256': 'quoted',
}
