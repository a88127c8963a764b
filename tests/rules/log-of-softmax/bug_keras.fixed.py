import tensorflow as tf


def loss_fn(logits, labels):
    log_probs = tf.nn.log_softmax(logits)
    return -tf.reduce_mean(tf.reduce_sum(labels * log_probs, axis=1))
