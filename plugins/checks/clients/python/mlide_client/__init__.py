"""mlide training client: stream a training run to mlide's live checks.

PyTorch (two lines in a training script):

    import mlide_client
    run = mlide_client.attach(model, optimizer, name="mnist")   # after creating both
    ...
    run.log(loss=train_loss, val_loss=val_loss, accuracy=acc, val_accuracy=val_acc)  # each epoch

Keras: `from mlide_client.keras import MlideCallback` and `callbacks=[MlideCallback()]`.
Other loops: `mlide_client.Session` (framework-free core).

The listener is found through MLIDE_TRAINING_ENDPOINT / MLIDE_TRAINING_TOKEN_FILE (set by the
VS Code extension in its terminals) or the nearest `.mlide/listener.json`.
"""

from .core import ListenerError, Session, find_listener  # noqa: F401

__version__ = "0.1.0"


def attach(model, optimizer=None, name=None, **kwargs):
    """See mlide_client.pytorch.attach (imports torch only when called)."""
    from .pytorch import attach as _attach
    return _attach(model, optimizer, name, **kwargs)
