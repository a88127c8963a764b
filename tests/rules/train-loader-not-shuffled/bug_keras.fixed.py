import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0

model = keras.Sequential([layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=5, shuffle=True)

features = np.load("features.npy")
labels = np.load("labels.npy")
features /= features.max()
model.fit(features[:1000], labels[:1000], batch_size=32, shuffle=True)
