"""MNIST digit classifier in tf.keras, with the three planted bugs of Umlaut's user study
(task A): unscaled pixels, far too much dropout, and a linear output layer under a loss that
expects probabilities. `mlide check examples/` reports them; the fixes are quick fixes."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()

model = keras.Sequential([
    layers.Flatten(input_shape=(28, 28)),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.8),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.8),
    layers.Dense(10),
])

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

model.fit(x_train, y_train, epochs=5, batch_size=64, validation_split=0.1)
model.evaluate(x_test, y_test)
