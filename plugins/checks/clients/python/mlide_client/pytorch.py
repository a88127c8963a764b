"""PyTorch training loops: `attach(model, optimizer, name=...)` and a per-epoch `run.log(...)`.

What it measures, and what it costs:
  - input statistics of the first batch(es) of each epoch, through a forward pre-hook on the
    model (one min/max/mean/std pass over one batch per epoch);
  - the optimizer's actual learning rate at each log() (schedulers included);
  - the warnings the framework raises, with the user's line that triggered them;
  - opt-in (gradients=True): per-step gradient norms of every parameter, summed per epoch.
Everything else (sending, retrying) happens on the core's background thread.
"""

from __future__ import annotations

import atexit
import inspect
import os
import sys
import warnings
import weakref
from typing import Any, Dict, List, Optional

import torch

from .core import Session

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_TORCH_DIR = os.path.dirname(os.path.abspath(torch.__file__))
_STDLIB_DIR = os.path.dirname(os.path.abspath(os.__file__))


def _user_frame(skip_framework: bool = True):
    """The innermost frame in the user's code (not this package, torch or the standard library)."""
    f = sys._getframe(1)
    while f is not None:
        path = os.path.abspath(f.f_code.co_filename)
        if not (path.startswith(_PACKAGE_DIR) or (skip_framework and path.startswith(_TORCH_DIR))
                or path.startswith(_STDLIB_DIR) or path.startswith("<")):
            return f
        f = f.f_back
    return None


def tensor_stats(x: torch.Tensor) -> Dict[str, Any]:
    """min/max/mean/std over the finite elements, dtype, shape, NaN and Inf counts."""
    with torch.no_grad():
        t = x.detach()
        stats: Dict[str, Any] = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape)}
        if t.is_floating_point():
            finite_mask = torch.isfinite(t)
            stats["nanCount"] = int(torch.isnan(t).sum())
            stats["infCount"] = int(torch.isinf(t).sum())
            finite = t[finite_mask].double()
            stats["integral"] = bool(finite.numel() > 0 and torch.equal(finite, finite.floor()))
        else:
            finite = t.double()
            stats["nanCount"] = 0
            stats["infCount"] = 0
            stats["integral"] = True
        if finite.numel() > 0:
            stats["min"] = float(finite.min())
            stats["max"] = float(finite.max())
            stats["mean"] = float(finite.mean())
            stats["std"] = float(finite.std(unbiased=False))
        return stats


def _first_tensor(args) -> Optional[torch.Tensor]:
    for a in args:
        if isinstance(a, torch.Tensor):
            return a
        if isinstance(a, (list, tuple)):
            t = _first_tensor(a)
            if t is not None:
                return t
    return None


def _optimizer_lr(optimizer) -> Optional[float]:
    """The learning rate of the optimizer's first parameter group now (schedulers included)."""
    try:
        return float(optimizer.param_groups[0]["lr"])
    except (IndexError, KeyError, TypeError, ValueError):
        return None


def _model_info(model, optimizer, scheduler, loss, epochs, num_classes, frame) -> Dict[str, Any]:
    info: Dict[str, Any] = {"framework": "pytorch"}
    if frame is not None:
        info["script"] = os.path.abspath(frame.f_code.co_filename)
        info["attachLine"] = frame.f_lineno
    cls = type(model)
    info["modelClass"] = cls.__name__
    try:
        src = os.path.abspath(inspect.getsourcefile(cls) or "")
        if src and not src.startswith(_TORCH_DIR):
            info["modelFile"] = src
            info["modelLine"] = inspect.getsourcelines(cls)[1]
    except (OSError, TypeError):
        pass
    if optimizer is not None:
        info["optimizerClass"] = type(optimizer).__name__
        lr = _optimizer_lr(optimizer)
        if lr is not None:
            info["initialLr"] = lr
    if scheduler is not None:
        info["schedulerClass"] = type(scheduler).__name__
    if loss is not None:
        info["lossClass"] = type(loss).__name__ if not isinstance(loss, str) else loss
    last_linear = None
    for name, m in model.named_modules():
        if isinstance(m, torch.nn.modules.conv._ConvNd) and "firstConvName" not in info:
            info["firstConvName"] = name
            info["firstConvInChannels"] = int(m.in_channels)
        if isinstance(m, torch.nn.Linear):
            last_linear = m
    if num_classes:
        info["numClasses"] = int(num_classes)
    elif last_linear is not None and "lossClass" in info and info["lossClass"] in ("CrossEntropyLoss", "NLLLoss"):
        # Only where the loss says the last layer's outputs are class scores.
        info["numClasses"] = int(last_linear.out_features)
    if epochs:
        info["plannedEpochs"] = int(epochs)
    return info


class Run:
    """A training run attached to mlide. Use `log()` once per epoch, `finish()` at the end (or
    rely on the exit hook; an uncaught exception marks the run failed)."""

    def __init__(self, model, optimizer=None, name: Optional[str] = None, *, scheduler=None, loss=None,
                 epochs: Optional[int] = None, num_classes: Optional[int] = None, input_batches: int = 1,
                 gradients: bool = False, endpoint: Optional[str] = None, token_file: Optional[str] = None,
                 verbose: bool = True):
        frame = _user_frame()
        info = _model_info(model, optimizer, scheduler, loss, epochs, num_classes, frame)
        script_dir = os.path.dirname(info.get("script", "")) or os.getcwd()
        self.optimizer = optimizer
        self.session = Session(name, info, endpoint=endpoint, token_file=token_file, search_dirs=[script_dir],
                               verbose=verbose)
        self.epoch = 0  # the epoch being trained (the next one log() records)
        self._input_batches = input_batches
        self._seen_this_epoch = 0
        self._started = False  # a training batch went through the model
        self._log_line_sent = False
        self._finished = False
        self._grad_steps: Dict[str, List[float]] = {}
        self._grad_order: List[str] = []  # the model's parameter order: backward() runs output first
        self._handles = [model.register_forward_pre_hook(self._pre_hook)]
        if gradients:
            for pname, p in model.named_parameters():
                if p.requires_grad:
                    self._grad_order.append(pname)
                    self._handles.append(p.register_hook(self._grad_hook(pname)))
        self._previous_showwarning = warnings.showwarning
        warnings.showwarning = self._showwarning
        ref = weakref.ref(self)
        atexit.register(lambda: ref() is not None and ref().finish())
        self._previous_excepthook = sys.excepthook
        sys.excepthook = self._excepthook

    # -- hooks ------------------------------------------------------------------------------

    def _pre_hook(self, module, args):
        if module.training:
            self._started = True
        if self._seen_this_epoch >= self._input_batches or not module.training:
            return None
        x = _first_tensor(args)
        if x is None:
            return None
        stats = tensor_stats(x)
        stats["epoch"] = self.epoch
        stats["batch"] = self._seen_this_epoch
        self._seen_this_epoch += 1
        self.session.log_input(stats)
        return None

    def _grad_hook(self, pname: str):
        def hook(grad):
            with torch.no_grad():
                g = grad.detach()
                entry = self._grad_steps.setdefault(pname, [0.0, 0.0, float("inf"), 0.0, 0])
                n = float(g.norm())
                entry[0] += n
                entry[1] = max(entry[1], n)
                entry[2] = min(entry[2], n)
                entry[3] += float((g == 0).sum()) / max(g.numel(), 1)
                entry[4] += 1
            return None
        return hook

    def _showwarning(self, message, category, filename, lineno, file=None, line=None):
        try:
            frame = _user_frame()
            where_file = os.path.abspath(frame.f_code.co_filename) if frame else filename
            where_line = frame.f_lineno if frame else lineno
            self.session.log_warning(self.epoch if self._started else -1, category.__name__,
                                     str(message), where_file, where_line)
        except Exception:  # never let reporting break the user's run
            pass
        self._previous_showwarning(message, category, filename, lineno, file, line)

    def _excepthook(self, etype, value, tb):
        self.finish("failed", f"{etype.__name__}: {value}")
        self._previous_excepthook(etype, value, tb)

    # -- API --------------------------------------------------------------------------------

    def log(self, epoch: Optional[int] = None, lr: Optional[float] = None, **metrics) -> None:
        """Records one finished epoch: loss=..., val_loss=..., accuracy=..., val_accuracy=...
        (floats or 0-d tensors). `epoch` defaults to 0, 1, 2, ...; `lr` to the optimizer's."""
        if not self._log_line_sent:
            frame = _user_frame()
            if frame is not None and os.path.abspath(frame.f_code.co_filename) == self.session.model.get("script"):
                self.session.model["logLine"] = frame.f_lineno
            self._log_line_sent = True
        e = self.epoch if epoch is None else int(epoch)
        if lr is None and self.optimizer is not None:
            lr = _optimizer_lr(self.optimizer)
        values = {k: float(v.item() if isinstance(v, torch.Tensor) else v) for k, v in metrics.items() if v is not None}
        if self._grad_steps:
            steps = [(k, self._grad_steps[k]) for k in self._grad_order if k in self._grad_steps]
            layers = [{"layer": k, "meanNorm": v[0] / v[4], "maxNorm": v[1], "minNorm": v[2],
                       "zeroFraction": v[3] / v[4], "steps": v[4]} for k, v in steps if v[4]]
            self.session.log_gradients(e, layers)
            self._grad_steps = {}
        self.session.log_epoch(e, values, lr)
        self.epoch = e + 1
        self._seen_this_epoch = 0
        self._started = True

    def finish(self, status: str = "finished", message: str = "", timeout: float = 30.0) -> bool:
        """Ends the run; waits until the daemon acknowledged everything (False on timeout)."""
        if self._finished:
            return True
        self._finished = True
        for h in self._handles:
            h.remove()
        if warnings.showwarning == self._showwarning:
            warnings.showwarning = self._previous_showwarning
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_excepthook
        return self.session.finish(status, message, timeout)

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, etype, value, tb) -> None:
        self.finish("failed" if etype else "finished", f"{etype.__name__}: {value}" if etype else "")


def attach(model, optimizer=None, name: Optional[str] = None, **kwargs) -> Run:
    """Starts streaming this training run to mlide. See `Run` for the keyword options
    (scheduler, loss, epochs, num_classes, input_batches, gradients, endpoint, token_file)."""
    return Run(model, optimizer, name, **kwargs)
