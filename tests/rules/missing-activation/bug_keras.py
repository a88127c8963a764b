from tensorflow import keras
from tensorflow.keras.layers import Dense, Flatten

model = keras.models.Sequential()
model.add(Flatten(input_shape=(28, 28)))
model.add(Dense(256))
model.add(Dense(128))
model.add(Dense(10, activation="softmax"))
