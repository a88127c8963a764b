from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=keras.losses.MeanSquaredError(), metrics=["mae"])
clf = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(3, activation="softmax")])
clf.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
