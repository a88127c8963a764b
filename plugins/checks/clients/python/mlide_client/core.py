"""The framework-independent core of the mlide training client.

A `Session` numbers every event (epochs, input statistics, gradients, warnings, the final
status), keeps it in memory until the daemon acknowledges it, and sends batches from one
background thread. When the daemon is unreachable (restarting, killed), events stay buffered and
are retried with backoff; the daemon skips events it already committed (by sequence number), so
retries never duplicate. Nothing here imports a framework: only the standard library.
"""

from __future__ import annotations

import collections
import http.client
import itertools
import json
import math
import os
import sys
import threading
import time
import uuid
from typing import Any, Dict, Iterable, List, Optional, Tuple

PROTOCOL = 1
ENDPOINT_ENV = "MLIDE_TRAINING_ENDPOINT"
TOKEN_FILE_ENV = "MLIDE_TRAINING_TOKEN_FILE"
DISCOVERY_FILE = os.path.join(".mlide", "listener.json")

_MAX_EVENTS_PER_REQUEST = 500


class ListenerError(Exception):
    """A refusal from the listener (HTTP status and its error code)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"HTTP {status} {code}: {message}")
        self.status = status
        self.code = code


def _jsonable(value: Any) -> Any:
    """Floats JSON cannot carry (NaN, infinities) travel as strings the daemon reads back."""
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def find_listener(start_dirs: Iterable[str] = (), endpoint: Optional[str] = None,
                  token_file: Optional[str] = None) -> Tuple[Optional[str], Optional[str]]:
    """(endpoint, token file): explicit arguments, else the environment the editor sets, else the
    nearest `.mlide/listener.json` above the given folders (the script's, the working dir)."""
    if endpoint and token_file:
        return endpoint, token_file
    env_endpoint = os.environ.get(ENDPOINT_ENV)
    env_token = os.environ.get(TOKEN_FILE_ENV)
    if env_endpoint and env_token:
        return endpoint or env_endpoint, token_file or env_token
    seen = set()
    for start in list(start_dirs) + [os.getcwd()]:
        d = os.path.abspath(start)
        while d not in seen:
            seen.add(d)
            path = os.path.join(d, DISCOVERY_FILE)
            try:
                with open(path, encoding="utf-8") as f:
                    info = json.load(f)
                return endpoint or info.get("endpoint"), token_file or info.get("tokenFile")
            except (OSError, ValueError):
                pass
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
    return endpoint, token_file


class Http:
    """One keep-alive HTTP/1.1 connection to the listener, with the token header."""

    def __init__(self, endpoint: str, token: str, timeout: float = 30.0):
        rest = endpoint.split("://", 1)[-1].rstrip("/")
        host, _, port = rest.rpartition(":")
        self.host = host.strip("[]")
        self.port = int(port)
        self.token = token
        self.timeout = timeout
        self._conn: Optional[http.client.HTTPConnection] = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, body: Any = None) -> Dict[str, Any]:
        """The decoded JSON reply; ListenerError for a refusal; OSError when unreachable."""
        data = None if body is None else json.dumps(_jsonable(body), allow_nan=False).encode("utf-8")
        headers = {"Authorization": "Bearer " + self.token, "Content-Type": "application/json"}
        for attempt in (0, 1):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self._conn.request(method, path, body=data, headers=headers)
                resp = self._conn.getresponse()
                payload = resp.read()
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt == 0:
                    continue  # a keep-alive connection the server had closed: once more, fresh
                raise
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
            try:
                reply = json.loads(payload.decode("utf-8")) if payload else {}
            except ValueError:
                raise ListenerError(resp.status, "bad-reply", payload[:200].decode("utf-8", "replace"))
            if resp.status != 200:
                err = reply.get("error", {}) if isinstance(reply, dict) else {}
                raise ListenerError(resp.status, err.get("code", "error"), err.get("message", ""))
            return reply
        raise OSError("unreachable")


class Session:
    """One training run as the daemon sees it. Thread-safe; `log_*` never block on the network."""

    def __init__(self, name: Optional[str] = None, model: Optional[Dict[str, Any]] = None, *,
                 endpoint: Optional[str] = None, token_file: Optional[str] = None,
                 search_dirs: Iterable[str] = (), max_buffered: int = 100_000,
                 retry_for: float = 300.0, verbose: bool = True):
        self.name = name or ""
        self.model = dict(model or {})
        self.client_id = uuid.uuid4().hex
        self._explicit = (endpoint, token_file)
        self._search_dirs = list(search_dirs)
        self._max_buffered = max_buffered
        self._retry_for = retry_for
        self._verbose = verbose
        self._cond = threading.Condition()
        self._pending: collections.deque = collections.deque()  # (seq, event dict), not yet acked
        self._seq = 0
        self._acked = 0
        self._dropped = 0
        self._closing = False
        self._finished = False
        self._ever_connected = False  # a listener answered once: worth waiting for at finish()
        self.session_id: Optional[int] = None
        self.session_name: Optional[str] = None
        self.last_error: Optional[str] = None
        self._http: Optional[Http] = None
        self._warned = set()
        self._thread = threading.Thread(target=self._run, name="mlide-client", daemon=True)
        self._thread.start()

    # -- events ---------------------------------------------------------------------------

    def _add(self, event: Dict[str, Any]) -> int:
        with self._cond:
            if self._finished:
                return self._seq
            self._seq += 1
            event["seq"] = self._seq
            if len(self._pending) >= self._max_buffered:
                self._pending.popleft()  # the daemon has been away too long: drop the oldest
                self._dropped += 1
            self._pending.append((self._seq, event))
            self._cond.notify()
            return self._seq

    def log_epoch(self, epoch: int, metrics: Dict[str, float], lr: Optional[float] = None) -> int:
        ev = {"type": "epoch", "epoch": int(epoch), "metrics": {k: float(v) for k, v in metrics.items()},
              "wallTime": time.time()}
        if lr is not None:
            ev["lr"] = float(lr)
        return self._add(ev)

    def log_input(self, stats: Dict[str, Any]) -> int:
        ev = dict(stats)
        ev["type"] = "input"
        return self._add(ev)

    def log_gradients(self, epoch: int, layers: List[Dict[str, Any]]) -> int:
        return self._add({"type": "gradients", "epoch": int(epoch), "layers": layers})

    def log_warning(self, epoch: int, category: str, message: str, file: str = "", line: int = 0) -> int:
        return self._add({"type": "warning", "epoch": int(epoch), "category": category, "message": message,
                          "file": file, "line": int(line)})

    def finish(self, status: str = "finished", message: str = "", timeout: float = 30.0) -> bool:
        """Sends the final status and waits (up to `timeout`) until everything is acknowledged."""
        with self._cond:
            already = self._finished
        if not already:
            self._add({"type": "status", "status": status, "message": message})
            with self._cond:
                self._finished = True
        # No daemon was ever reachable and none is configured now (a script run without an editor
        # or `mlide listen`): nothing will acknowledge, so do not hold the script's exit up.
        no_listener = not self._ever_connected and None in find_listener(self._search_dirs, *self._explicit)
        ok = False if no_listener else self.flush(timeout)
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        return ok

    def flush(self, timeout: float = 30.0) -> bool:
        """Waits until every event so far is acknowledged; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            target = self._seq
            while self._acked < target:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.5))
        return True

    @property
    def acked_seq(self) -> int:
        with self._cond:
            return self._acked

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._pending)

    # -- sender thread ----------------------------------------------------------------------

    def _say(self, key: str, text: str) -> None:
        self.last_error = text
        if self._verbose and key not in self._warned:
            self._warned.add(key)
            print(f"mlide: {text}", file=sys.stderr)

    def _connect(self) -> bool:
        endpoint, token_file = find_listener(self._search_dirs, *self._explicit)
        if not endpoint or not token_file:
            self._say("no-listener", "no training listener found (set MLIDE_TRAINING_ENDPOINT and "
                      "MLIDE_TRAINING_TOKEN_FILE, or run `mlide listen`); buffering")
            return False
        try:
            with open(token_file, encoding="utf-8") as f:
                token = f.read().strip()
        except OSError as e:
            self._say("token", f"cannot read the token file {token_file}: {e}")
            return False
        if self._http is not None:
            self._http.close()
        self._http = Http(endpoint, token)
        return True

    def _ensure_session(self) -> None:
        if self.session_id is not None:
            return
        reply = self._http.request("POST", "/v1/sessions", {
            "name": self.name, "clientId": self.client_id, "model": self.model})
        self.session_id = int(reply["session"])
        self._ever_connected = True
        self.session_name = reply.get("name")
        # A re-created session (daemon restarted) tells what it already has.
        self._ack(int(reply.get("lastSeq", 0)))

    def _ack(self, seq: int) -> None:
        with self._cond:
            if seq > self._acked:
                self._acked = seq
            while self._pending and self._pending[0][0] <= self._acked:
                self._pending.popleft()
            if self._acked < self._seq and not self._pending:
                self._acked = self._seq  # dropped while away: nothing more will come
            self._cond.notify_all()

    def _run(self) -> None:
        backoff = 0.05
        down_since: Optional[float] = None
        limit = _MAX_EVENTS_PER_REQUEST  # shrinks while the listener refuses batches as too large
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if not self._pending and self._closing:
                    break
                batch = [ev for _, ev in itertools.islice(self._pending, limit)]
            try:
                if self._http is None and not self._connect():
                    raise OSError("no listener")
                self._ensure_session()
                reply = self._http.request("POST", f"/v1/sessions/{self.session_id}/events", {"events": batch})
                self._ack(int(reply["ackedSeq"]))
                limit = min(limit * 2, _MAX_EVENTS_PER_REQUEST)
                backoff = 0.05
                down_since = None
                continue
            except ListenerError as e:
                if e.status == 404 and e.code == "unknown-session":
                    self.session_id = None  # another database now: open the session again
                elif e.status in (401, 403):
                    self._say("auth", f"the listener refused the token ({e}); re-reading it")
                    self._http = None
                elif e.status in (400, 413):
                    # Too large (a long outage piles up gradient events) or malformed: halve the
                    # batch until the culprit is alone, and drop only that one event.
                    if len(batch) > 1:
                        limit = max(1, len(batch) // 2)
                        continue
                    why = "too large" if e.status == 413 else "refused"
                    self._say(f"dropped-{e.status}", f"dropped a {batch[0].get('type', '')} event the listener "
                              f"{why} ({e}); further ones are dropped silently")
                    self._ack(batch[0]["seq"])
                    continue
                else:
                    self._http = None
            except (OSError, http.client.HTTPException, KeyError, ValueError) as e:
                self._say("down", f"training listener unreachable ({e}); buffering and retrying")
                self._http = None
                self.session_id = None  # re-announce: a restarted daemon returns the same session
            now = time.monotonic()
            down_since = down_since or now
            with self._cond:
                if self._closing and now - down_since > self._retry_for:
                    break
                self._cond.wait(backoff)
            backoff = min(backoff * 2, 1.0)
