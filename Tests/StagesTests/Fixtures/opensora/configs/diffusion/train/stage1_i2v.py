# Test fixture in the shape of Open-Sora 2.0's image-to-video stage on stage 1's buckets.
_base_ = ["stage1.py"]

# adds the input layer for the condition (mask + masked latent)
model = dict(cond_embed=True)

# relative weights of the conditioning mode drawn for each sample
condition_config = dict(
    t2v=1,  # caption only
    i2v_head=5,  # first frame given
    i2v_loop=1,  # first and last frame given
    i2v_tail=1,  # last frame given
)

lr = 1e-5
optim = dict(lr=lr)
