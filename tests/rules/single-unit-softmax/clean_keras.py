from tensorflow import keras
from tensorflow.keras.layers import Dense

a = keras.Sequential([Dense(32, activation="relu"), Dense(1, activation="sigmoid")])
b = keras.Sequential([Dense(32, activation="relu"), Dense(2, activation="softmax")])
