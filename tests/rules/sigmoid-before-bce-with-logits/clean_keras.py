import tensorflow as tf

probs = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])
probs.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy())

logits = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])
logits.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
