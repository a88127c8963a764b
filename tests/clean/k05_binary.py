from tensorflow import keras
from tensorflow.keras.layers import Dense, Dropout, Embedding, GlobalAveragePooling1D

model = keras.Sequential([
    Embedding(10000, 16),
    GlobalAveragePooling1D(),
    Dense(16, activation="relu"),
    Dropout(0.5),
    Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
