from tensorflow import keras

LR = -1e3
opt = keras.optimizers.Adam(learning_rate=LR)
opt2 = keras.optimizers.RMSprop(learning_rate=0.5)
