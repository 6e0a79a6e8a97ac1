strings = [
    '',
    'plain',
    "it's",
    'say "hi"',
    'both \' and "',
    'back\\slash',
    'line\nbreak\r\n',
    'tab\there',
    'ünïcödé ✓ 日本語 😀',
    '\x00\x07\x1b\x7f\x85\xa0\xad',
    '\u2028\u2029\u200b\ufeff\ue000\U0010ffff',
    '#not a comment',
    '\x7b{ fileDirname }}',
    '\x7b{$HOME:x}}',
    '\x7b{ _base_.a }}',
    "\x7b{'$X:y'}}",
    '${not.a.ref}',
    "'''",
    '"""',
    '\\',
    '\\x41 \\u0041 \\N{DASH}',
]
keys = {
    1: 'int',
    '1': 'str',
    'class': 1,
    'None': 2,
    '256px': 3,
    'a-b': 4,
    '': 5,
    -9223372036854775808: 6,
    'ünï': 7,
    '__dunder': 8,
    "it's": 9,
}
ident_keys = dict(
    größe=0,
    日本=1,
    type='x',
    _private=1,
    __dunder__=2,
    match=3,
    print=4,
)
tuples = [
    (1,),
    (),
    (
        (),
        (1,),
    ),
    (
        [
            ('a', 1.5),
        ],
    ),
]
floats = [
    1e999 - 1e999,
    1e999,
    -1e999,
    -0.0,
    0.0,
    1e-05,
    1e+16,
    0.1,
    5e-324,
    -1.7976931348623157e+308,
]
one_tuple_nan = (1e999 - 1e999,)
ints = [-9223372036854775808, 9223372036854775807, 0, -1, 10000]
scalars = [True, False, None]
empty = [{}, [], ()]
empty_dict = {}
empty_list = []
nested = dict(
    a=dict(
        b=dict(
            c=[
                dict(
                    d=(1, 2),
                ),
            ],
        ),
    ),
)
long = [
    'item0',
    'item1',
    'item2',
    'item3',
    'item4',
    'item5',
    'item6',
    'item7',
    'item8',
    'item9',
    'item10',
    'item11',
    'item12',
    'item13',
    'item14',
    'item15',
    'item16',
    'item17',
    'item18',
    'item19',
    'item20',
    'item21',
    'item22',
    'item23',
    'item24',
    'item25',
    'item26',
    'item27',
    'item28',
    'item29',
]
print = 1
match = 'soft keyword'
größe = 3
