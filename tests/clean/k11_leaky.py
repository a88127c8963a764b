from tensorflow import keras
from tensorflow.keras import layers

generator = keras.Sequential([
    keras.Input(shape=(128,)),
    layers.Dense(7 * 7 * 128),
    layers.LeakyReLU(negative_slope=0.2),
    layers.Reshape((7, 7, 128)),
    layers.Conv2DTranspose(128, (4, 4), strides=(2, 2), padding="same"),
    layers.LeakyReLU(negative_slope=0.2),
    layers.Conv2D(1, (7, 7), padding="same", activation="sigmoid"),
])
