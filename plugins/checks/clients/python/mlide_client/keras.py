"""Keras: `MlideCallback`, a thin adapter over the same core as the PyTorch client.

    from mlide_client.keras import MlideCallback
    model.fit(x, y, epochs=20, validation_data=(xv, yv),
              callbacks=[MlideCallback(name="mnist", sample=x[:256])])

It reports, per epoch, every metric Keras puts in `logs` and the optimizer's learning rate; at
the start the model's optimizer, first convolution, loss and (for a cross-entropy loss) number
of classes; statistics of the input batch given as `sample=` (a callback never sees fit()'s `x`,
so without it there are no input checks); Keras warnings (such as the `from_logits` warning)
with the user's line; and the run's end. TensorFlow is not installed where mlide is tested: the
core is tested for real, what is read off the model (keras_info) against a stand-in model, and
this adapter is kept small on purpose.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any, Dict, Optional

from .core import Session
from .keras_info import learning_rate, model_info

try:  # Keras 3, else tf.keras
    import keras as _keras
except ImportError:  # pragma: no cover - depends on the user's install
    from tensorflow import keras as _keras  # type: ignore


def _array_stats(x) -> Optional[Dict[str, Any]]:
    """Statistics of an array-like first batch (numpy is always there with Keras)."""
    try:
        import numpy as np
        a = np.asarray(x)
        stats: Dict[str, Any] = {"dtype": str(a.dtype), "shape": [int(d) for d in a.shape]}
        if np.issubdtype(a.dtype, np.floating):
            finite = a[np.isfinite(a)]
            stats["nanCount"] = int(np.isnan(a).sum())
            stats["infCount"] = int(np.isinf(a).sum())
            stats["integral"] = bool(finite.size and np.all(finite == np.floor(finite)))
        else:
            finite = a
            stats["integral"] = True
        if finite.size:
            stats.update(min=float(finite.min()), max=float(finite.max()), mean=float(finite.mean()),
                         std=float(finite.std()))
        return stats
    except Exception:
        return None


class MlideCallback(_keras.callbacks.Callback):
    def __init__(self, name: Optional[str] = None, sample=None, **session_options):
        """`sample`: an array of training inputs (a batch, e.g. `x[:256]`) for the input checks
        (unscaled pixels, NaN, image layout); `session_options` go to `Session`."""
        super().__init__()
        frame = sys._getframe(1)
        self._info = {"framework": "keras", "script": os.path.abspath(frame.f_code.co_filename),
                      "attachLine": frame.f_lineno, "channelsLast": True}
        self._name = name
        self._sample = sample
        self._options = session_options
        self.session: Optional[Session] = None
        self._epoch = -1
        self._previous_showwarning = None

    def on_train_begin(self, logs=None):
        self._info.update(model_info(self.model))
        epochs = self.params.get("epochs") if isinstance(self.params, dict) else None
        if epochs:
            self._info["plannedEpochs"] = int(epochs)
        self.session = Session(self._name, self._info,
                               search_dirs=[os.path.dirname(self._info["script"])], **self._options)
        if self._sample is not None:
            stats = _array_stats(self._sample)
            if stats:
                stats.update(epoch=0, batch=0)
                self.session.log_input(stats)
        self._previous_showwarning = warnings.showwarning
        warnings.showwarning = self._showwarning

    def _showwarning(self, message, category, filename, lineno, file=None, line=None):
        if self.session is not None:
            self.session.log_warning(max(self._epoch, -1), category.__name__, str(message),
                                     self._info["script"], self._info["attachLine"])
        self._previous_showwarning(message, category, filename, lineno, file, line)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        metrics = {k: float(v) for k, v in (logs or {}).items() if k not in ("lr", "learning_rate")}
        self.session.log_epoch(epoch, metrics, learning_rate(self.model))

    def on_train_end(self, logs=None):
        if self._previous_showwarning is not None:
            warnings.showwarning = self._previous_showwarning
        if self.session is not None:
            self.session.finish("finished")
