from tensorflow import keras
from tensorflow.keras.layers import Dense

model = keras.Sequential([Dense(32, activation="relu"), Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")


def train(x, y, x_val, y_val):
    model.fit(x[:50000], y[:50000], validation_data=(x[50000:], y[50000:]))
    model.fit(x, y, validation_data=(x_val, y_val))
