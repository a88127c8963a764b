import tensorflow as tf


class GatedHead(tf.keras.layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.dense = tf.keras.layers.Dense(units)

    def call(self, inputs, training=None):
        x = inputs
        if training:
            x = tf.nn.dropout(x, rate=0.3)
        return self.dense(x)


class EarlyReturn(tf.keras.layers.Layer):
    def call(self, inputs, training=False):
        if not training:
            return inputs
        return tf.nn.dropout(inputs, rate=0.3)


class Conditional(tf.keras.layers.Layer):
    def call(self, inputs, training=False):
        dropped = tf.cond(tf.cast(training, tf.bool), lambda: tf.nn.dropout(inputs, 0.2), lambda: inputs)
        return dropped if training else inputs


class Expression(tf.keras.layers.Layer):
    def call(self, inputs, training=False):
        return tf.nn.dropout(inputs, 0.2) if training else inputs


class LayerDropout(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.drop = tf.keras.layers.Dropout(0.5)
        self.out = tf.keras.layers.Dense(10)

    def call(self, inputs, training=None):
        return self.out(self.drop(inputs, training=training))


def augment(images):
    # Outside call(): an explicit data-augmentation step, always on by design.
    return tf.nn.dropout(images, rate=0.1)
