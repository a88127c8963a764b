import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.utils import to_categorical

X = np.random.rand(100, 8)
y = to_categorical(np.random.randint(0, 3, 100))
model = Sequential()
model.add(Dense(12, input_dim=8, activation="relu"))
model.add(Dense(8, activation="relu"))
model.add(Dense(3, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=150, batch_size=10)
