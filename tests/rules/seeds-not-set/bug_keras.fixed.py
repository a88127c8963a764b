import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.config.experimental.enable_op_determinism()
np.random.seed(7)
tf.random.set_seed(7)

x = np.random.rand(1000, 20).astype("float32")
y = (x.sum(axis=1) > 10).astype("float32")
model = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, validation_split=0.2)
