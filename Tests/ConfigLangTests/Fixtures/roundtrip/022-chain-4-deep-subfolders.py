v = dict(
    l1=True,
    l2=True,
    l3=True,
    main=True,
)
