from tensorflow import keras
from tensorflow.keras.layers import Activation, Dense

a = keras.Sequential([Dense(32, activation="relu"), Dense(1, activation="softmax")])
b = keras.Sequential([Dense(32, activation="relu"), Dense(1), Activation("softmax")])
