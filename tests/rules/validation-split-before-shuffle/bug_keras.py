import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

cats = np.load("cats.npy").astype("float32") / 255.0
dogs = np.load("dogs.npy").astype("float32") / 255.0
x = np.concatenate([cats, dogs])
y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])

model = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, validation_split=0.2)


def train_digits(model, features):
    labels = np.repeat(np.arange(10), 100)
    model.fit(features, labels, validation_split=0.1, shuffle=True)


def train_list_labels(model, features):
    labels = np.array([0] * 500 + [1] * 500 + [2] * 500)
    model.fit(x=features, y=labels, validation_split=0.25)
