from tensorflow import keras
from tensorflow.keras import layers

normalizer = layers.Normalization(axis=-1)
model = keras.Sequential([
    normalizer,
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(loss="mean_absolute_error", optimizer=keras.optimizers.Adam(0.001))
