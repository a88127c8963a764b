# Two classes loaded one after the other, shuffled before validation_split takes its share;
# CIFAR pixels are converted to float before they are centred.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(42)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
cats = x_train[y_train[:, 0] == 3]
dogs = x_train[y_train[:, 0] == 5]
x = np.concatenate([cats, dogs])
y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
order = np.random.permutation(len(y))
x, y = x[order], y[order]
x = (x.astype("float32") - 127.5) / 127.5

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=64, validation_split=0.2)
