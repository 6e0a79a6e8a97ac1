// The training layer: dit model, objective, text encoders, autoencoders, trainer.
