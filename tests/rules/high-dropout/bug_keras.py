from tensorflow.keras import layers, models

DROP = 0.9
model = models.Sequential([
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.8),
    layers.Dense(64, activation="relu"),
    layers.Dropout(rate=DROP),
    layers.Dense(10, activation="softmax"),
])
