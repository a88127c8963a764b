from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
# uint8 straight into a model that rescales: Keras casts the input to float itself.
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(32, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
# Float arithmetic first, integer constants after: no uint8 arithmetic.
x_val = (x_test / 255.0 - 0.5) * 2
model.evaluate(x_val, y_test)
x_centered = x_test.astype("float32") - 128
model.predict(x_centered)
