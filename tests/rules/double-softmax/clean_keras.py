from tensorflow import keras
from tensorflow.keras.layers import Dense

probs = keras.Sequential([Dense(64, activation="relu"), Dense(10, activation="softmax")])
probs.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())

logits = keras.Sequential([Dense(64, activation="relu"), Dense(10)])
logits.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
