"""What the Keras callback reads off a compiled model, without importing Keras: the optimizer's
class and current learning rate, the first convolution, the loss's name and, for a cross-entropy
loss, the number of classes (the output layer's width). Kept apart so that it can be tested
where TensorFlow is not installed; every attribute may be missing."""

from __future__ import annotations

from typing import Any, Dict, Optional


def loss_name(loss: Any) -> Optional[str]:
    """"sparse_categorical_crossentropy" as compiled: a string, a loss object's class, or a loss
    function's name. None for several losses (a multi-output model) or none."""
    if isinstance(loss, str):
        return loss
    if loss is None or isinstance(loss, (dict, list, tuple)):
        return None
    if hasattr(loss, "__name__"):  # keras.losses.sparse_categorical_crossentropy
        return loss.__name__
    return type(loss).__name__  # keras.losses.SparseCategoricalCrossentropy()


def num_classes(loss: Optional[str], output_shape: Any) -> Optional[int]:
    """Classes of a classifier: the output width for a categorical cross-entropy, 2 for a binary
    one with one output. None otherwise (a regression's width is not a class count)."""
    if not loss or not isinstance(output_shape, tuple) or not output_shape:
        return None
    width = output_shape[-1]
    if not isinstance(width, int):
        return None
    key = loss.lower().replace("_", "")
    if "categoricalcrossentropy" in key and width >= 2:
        return width
    if "binarycrossentropy" in key and width == 1:
        return 2
    return None


def learning_rate(model: Any) -> Optional[float]:
    """The optimizer's rate now: a schedule is evaluated at the current step. A non-finite rate
    is returned as it is: the daemon reports it."""
    try:
        lr = model.optimizer.learning_rate
        return float(lr(model.optimizer.iterations) if callable(lr) else lr)
    except Exception:
        return None


def model_info(model: Any) -> Dict[str, Any]:
    """The session's model fields that can be read off `model` (see ModelInfo in RunHistory.hpp)."""
    info: Dict[str, Any] = {"modelClass": type(model).__name__}
    opt = getattr(model, "optimizer", None)
    if opt is not None:
        info["optimizerClass"] = type(opt).__name__
        lr = learning_rate(model)
        if lr is not None:
            info["initialLr"] = lr
    for layer in getattr(model, "layers", None) or []:
        if "Conv" in type(layer).__name__:
            info["firstConvName"] = getattr(layer, "name", "")
            break
    loss = loss_name(getattr(model, "loss", None))
    if loss:
        info["lossClass"] = loss
    try:
        shape = model.output_shape  # raises on a model that is not built, or has several outputs
    except Exception:
        shape = None
    classes = num_classes(loss, shape)
    if classes:
        info["numClasses"] = classes
    return info
