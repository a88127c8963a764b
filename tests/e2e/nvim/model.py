# A Keras classifier whose last layer emits raw scores while the loss expects probabilities.
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(128, activation="relu", input_shape=(784,)),
    layers.Dense(10),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
