from tensorflow.keras import layers, models

model = models.Sequential([
    layers.Conv2D(64, 3, padding="same", input_shape=(32, 32, 3)),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Conv2D(64, 3, padding="same", use_bias=True),
    layers.BatchNormalization(),
    layers.ReLU(),
])
