from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(3, 32, 32)),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
inputs = keras.Input(shape=[1, 28, 28])
