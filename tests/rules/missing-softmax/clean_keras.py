from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(128, activation="relu"),
    layers.Dense(10),
    layers.Activation("softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

logits_model = keras.Sequential([layers.Dense(128, activation="relu"), layers.Dense(10)])
logits_model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
