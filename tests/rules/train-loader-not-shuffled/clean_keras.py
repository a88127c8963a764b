import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0

model = keras.Sequential([layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=5)
model.fit(x_train, y_train, epochs=5, shuffle=True)

# shuffle is ignored for a tf.data.Dataset: it is shuffled (or not) by the pipeline.
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(32)
model.fit(dataset, epochs=5, shuffle=False)

# A stateful LSTM carries its state across batches: the order is the point.
series = keras.Sequential([layers.LSTM(32, stateful=True, batch_input_shape=(16, 10, 1)), layers.Dense(1)])
series.compile(optimizer="adam", loss="mse")
windows = x_train[:1600, :10].reshape(-1, 10, 1)
series.fit(windows, y_train[:1600], batch_size=16, shuffle=False)


def train(model, data, labels):
    model.fit(data, labels, shuffle=False)
