from tensorflow import keras
from tensorflow.keras import layers

a = keras.Sequential([layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)), layers.Flatten()])
b = keras.Input(shape=(28, 28, 1))
c = keras.Input(shape=(3, 4, 4))
d = keras.Input(shape=(100, 20))
