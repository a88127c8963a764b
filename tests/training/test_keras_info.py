"""The Keras callback's reading of a compiled model (mlide_client.keras_info), against a stand-in
object with the attributes a Keras model has, since TensorFlow does not install here; then what
it reads goes through a real Session to a real listener, where a Keras run whose accuracy stays
at 1/10 gets accuracy-at-chance. Needs no torch and no Keras."""

import sys

import harness
from harness import check

sys.path.insert(0, harness.CLIENT_DIR)
from mlide_client import core, keras_info  # noqa: E402


class Conv2D:
    name = "conv2d_1"


class Dense:
    name = "dense"


class Adam:
    def __init__(self, lr):
        self.learning_rate = lr
        self.iterations = 40


class SparseCategoricalCrossentropy:  # a loss object: its class names it
    pass


def binary_crossentropy(y_true, y_pred):  # a loss function: its name names it
    return 0.0


class Sequential:
    def __init__(self, loss, output_shape, lr=1e-3):
        self.optimizer = Adam(lr)
        self.layers = [Dense(), Conv2D(), Dense()]
        self.loss = loss
        self._shape = output_shape

    @property
    def output_shape(self):
        if self._shape is None:
            raise AttributeError("The layer has never been called and thus has no defined output shape.")
        return self._shape


def test():
    info = keras_info.model_info(Sequential("sparse_categorical_crossentropy", (None, 10)))
    check(info == {"modelClass": "Sequential", "optimizerClass": "Adam", "initialLr": 1e-3,
                   "firstConvName": "conv2d_1", "lossClass": "sparse_categorical_crossentropy",
                   "numClasses": 10}, f"string loss: {info}")
    info = keras_info.model_info(Sequential(SparseCategoricalCrossentropy(), (None, 7)))
    check(info["lossClass"] == "SparseCategoricalCrossentropy" and info["numClasses"] == 7, f"loss object: {info}")
    info = keras_info.model_info(Sequential(binary_crossentropy, (None, 1)))
    check(info["lossClass"] == "binary_crossentropy" and info["numClasses"] == 2, f"loss function: {info}")
    info = keras_info.model_info(Sequential("mse", (None, 3)))
    check(info["lossClass"] == "mse" and "numClasses" not in info, f"a regression's width is no class count: {info}")
    info = keras_info.model_info(Sequential("categorical_crossentropy", None))
    check("numClasses" not in info and info["lossClass"] == "categorical_crossentropy", f"not built: {info}")
    info = keras_info.model_info(Sequential({"a": "mse", "b": "mae"}, [(None, 1), (None, 1)]))
    check("lossClass" not in info and "numClasses" not in info, f"two outputs: {info}")
    # A schedule is read at the optimizer's current step.
    check(keras_info.learning_rate(Sequential("mse", None, lr=lambda step: 0.1 / step)) == 0.1 / 40, "schedule")
    check(keras_info.learning_rate(object()) is None, "no optimizer")

    ws = harness.Workspace("keras")
    listener = harness.Listener(ws)
    try:
        model = {"framework": "keras", "channelsLast": True,
                 **keras_info.model_info(Sequential("sparse_categorical_crossentropy", (None, 10)))}
        s = core.Session("keras-chance", model, search_dirs=[ws.dir], verbose=False)
        for e in range(6):
            s.log_epoch(e, {"loss": 2.30, "accuracy": 0.1 + 0.002 * (e % 2)}, 1e-3)
        check(s.finish(timeout=30), f"not delivered: {s.last_error}")
        detail = harness.show(ws, s.session_id)
        chance = harness.findings(detail, "accuracy-at-chance")
        check(chance and "10 classes" in chance[0]["message"], f"findings {detail['findingList']}")
    finally:
        listener.stop()
        ws.cleanup()


if __name__ == "__main__":
    harness.main(test)
