from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
a = keras.Sequential([layers.Rescaling(1.0 / 255), layers.Flatten(), layers.Dense(10, activation="softmax")])
a.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
a.fit(x_train, y_train, epochs=3)

x_scaled = x_train.astype("float32") / 255.0
b = keras.Sequential([layers.Flatten(), layers.Dense(10, activation="softmax")])
b.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
b.fit(x_scaled, y_train, epochs=3)
