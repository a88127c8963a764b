from tensorflow import keras
from tensorflow.keras.layers import Dense

model = keras.Sequential()
model.add(Dense(64, activation="relu", input_shape=(20,)))
model.add(Dense(10, activation="sigmoid"))
model.compile(loss="categorical_crossentropy", optimizer="adam")

regressor = keras.Sequential([Dense(32, activation="relu"), Dense(4, activation="softmax")])
regressor.compile(loss="mse", optimizer="adam")
