from tensorflow import keras
from tensorflow.keras.layers import Dense

model = keras.Sequential([Dense(64, activation="relu"), Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
