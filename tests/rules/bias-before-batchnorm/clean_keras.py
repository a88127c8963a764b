from tensorflow.keras import layers, models

model = models.Sequential([
    layers.Conv2D(64, 3, padding="same", use_bias=False, input_shape=(32, 32, 3)),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.BatchNormalization(),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
