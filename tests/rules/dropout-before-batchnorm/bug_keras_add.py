from tensorflow.keras import layers, models

model = models.Sequential()
model.add(layers.Dense(128, activation="relu", input_shape=(20,)))
model.add(layers.Dropout(0.3))
model.add(layers.BatchNormalization())
model.add(layers.Dense(10, activation="softmax"))
