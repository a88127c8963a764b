"""Umlaut's user-study task B: linear activations everywhere and a negative learning rate."""
from tensorflow import keras
from tensorflow.keras.layers import Dense, Flatten

LEARNING_RATE = -1e3

(train_images, train_labels), (test_images, test_labels) = keras.datasets.fashion_mnist.load_data()
train_images = train_images / 255.0
test_images = test_images / 255.0

model = keras.models.Sequential()
model.add(Flatten(input_shape=(28, 28)))
model.add(Dense(256))
model.add(Dense(128))
model.add(Dense(10, activation="softmax"))

model.compile(optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_images, train_labels, epochs=10,
          validation_data=(train_images[:100], train_labels[:100]))
