ema = None
