from tensorflow import keras
from tensorflow.keras.layers import Dense

model = keras.Sequential([Dense(32, activation="relu"), Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")


def train(train_images, train_labels):
    model.fit(train_images, train_labels, epochs=10,
              validation_data=(train_images[:100], train_labels[:100]))
