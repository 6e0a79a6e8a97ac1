size = 256
name = 'coco'
d = {'k': 'v', 'n': 3}
lr = 0.0001
plain = f'{size}px'
quotes = f"{d['k']}-{d['n']}"
specs = f'{size:05d}|{lr:.2e}|{lr:g}|{3.14159:.3f}|{size:>8}|{name:*^10}|{size:,}|{1234567.891:,.2f}'
conv = f'{name!r} {name!s} {size!r}'
nested_spec = f'{lr:.{2}f}|{name:>{size // 32}}'
adjacent = 'a' f'{size}' "b" f"{name}"
triple = f'''x{size}
y{name}'''
expr = f'{size * 2 + 1}-{len(name)}-{[1, 2]}-{(1,)}-{None}-{True}'
escaped = f'{{literal}} {size}'
raw = rf'\d{size}'
percent = f'{0.25:%}|{0.125:.1%}'
signs = f'{5:+d}|{-5:+d}|{5: d}|{-3.5:+.1f}'
hexes = f'{255:x}|{255:#x}|{255:X}|{8:o}|{5:b}|{255:#010x}'
fill = f'{"ab":<5}|{"ab":>5}|{"ab":^6}|{42:=+6}|{7:03}'
floats = f'{1e-7}|{1.0}|{1e16}|{123.456:e}|{0.000012345:g}|{123456789.0:g}'
fmt_method = '{}_{}'.format(name, size)
fmt_named = '{n}:{v:>4}'.format(n='k', v=7)
fmt_index = '{0}{1}{0}'.format('a', 'b')
fmt_item = '{0[k]}/{1[0]}'.format(d, [9])
