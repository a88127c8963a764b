from tensorflow import keras
from tensorflow.keras.layers import Dense

multilabel = keras.Sequential([Dense(64, activation="relu"), Dense(10, activation="sigmoid")])
multilabel.compile(loss="binary_crossentropy", optimizer="adam")

binary = keras.Sequential([Dense(64, activation="relu"), Dense(1, activation="sigmoid")])
binary.compile(loss="binary_crossentropy", optimizer="adam")

regressor = keras.Sequential([Dense(64, activation="relu"), Dense(1)])
regressor.compile(loss="mse", optimizer="adam", metrics=["mae"])
