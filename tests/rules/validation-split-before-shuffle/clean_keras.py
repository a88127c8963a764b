import numpy as np
from sklearn.utils import shuffle
from tensorflow import keras
from tensorflow.keras import layers

cats = np.load("cats.npy").astype("float32") / 255.0
dogs = np.load("dogs.npy").astype("float32") / 255.0
x = np.concatenate([cats, dogs])
y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
x, y = shuffle(x, y, random_state=0)

model = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, validation_split=0.2)


def train_permuted(model, features):
    labels = np.repeat(np.arange(10), 100)
    idx = np.random.permutation(len(labels))
    model.fit(features[idx], labels[idx], validation_split=0.1)


def train_in_place(model, features, labels_a, labels_b):
    # Concatenated from arrays whose order the file does not show: not reported.
    labels = np.concatenate([labels_a, labels_b])
    model.fit(features, labels, validation_split=0.2)


def train_held_out(model, features, val):
    labels = np.repeat(np.arange(10), 100)
    model.fit(features, labels, validation_data=val)
