import tensorflow as tf


def probabilities(logits):
    return tf.nn.softmax(logits, axis=0)
