optim_wrapper = dict(
    optimizer=dict(
        type='AdamW',
        lr=0.001,
    ),
    clip_grad=None,
    paramwise_cfg=dict(
        norm=0.0,
    ),
)
