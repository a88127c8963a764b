from tensorflow.keras import layers, models

model = models.Sequential([
    layers.Dense(128, activation="relu"),
    layers.BatchNormalization(),
    layers.Dropout(0.3),
    layers.Dense(10, activation="softmax"),
])
