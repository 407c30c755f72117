"""Bounded worker pool, per-job timeout and expiring results.

Simulations run on a fixed number of worker threads (:data:`limits.WORKERS`); at most
:data:`limits.QUEUE_LIMIT` more may wait, beyond that a request is refused with 503. Each
stored item (a forecast result or a trial job) has a random id that is only ever a key of an
in-memory mapping, never part of a path; its files live in a folder this process created and
are deleted with it when it expires (:data:`limits.RESULT_TTL_S`).

Work is cancelled cooperatively: long tasks call :meth:`Deadline.check` between steps (a
scenario, a chunk of a cohort), which raises :class:`JobTimeout` once the time is up.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osteon.web import limits


class JobTimeout(TimeoutError):
    """A task ran past its wall-clock limit."""


class Busy(RuntimeError):
    """The worker queue is full."""


@dataclass
class Deadline:
    """A wall-clock limit that tasks check between steps.

    >>> Deadline(10).check()
    >>> Deadline(-1).check()
    Traceback (most recent call last):
    ...
    osteon.web.jobs.JobTimeout: ran past its limit of -1 s
    """

    seconds: float
    start: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise JobTimeout(f"ran past its limit of {self.seconds:g} s")


@dataclass
class Item:
    """A stored result or job."""

    id: str
    kind: str
    created: float
    state: str = "queued"  # queued | running | done | failed
    progress: float = 0.0
    message: str = ""
    result: Any = None
    error: dict | None = None
    folder: Path | None = None
    finished: float | None = None

    def public(self) -> dict:
        return {"id": self.id, "kind": self.kind, "state": self.state,
                "progress": round(self.progress, 4), "message": self.message,
                "error": self.error,
                "expires_in_s": round(max(0.0, self.created + limits.RESULT_TTL_S
                                          - time.time()), 1)}


class Store:
    """Workers, queue and the expiring items."""

    def __init__(self, workers: int | None = None, queue_limit: int | None = None) -> None:
        self.workers = workers or limits.WORKERS
        self.pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="osteon")
        #: Long jobs (trial files, person forecasts) run one at a time on their own thread.
        self.heavy = ThreadPoolExecutor(max_workers=1, thread_name_prefix="osteon-job")
        self.slots = threading.BoundedSemaphore(self.workers + (
            limits.QUEUE_LIMIT if queue_limit is None else queue_limit))
        self.items: dict[str, Item] = {}
        self.lock = threading.Lock()
        self.root = Path(tempfile.mkdtemp(prefix="osteon-serve-"))

    # -- pool ---------------------------------------------------------------------------
    def submit(self, fn: Callable[..., Any], *args: Any, heavy: bool = False) -> Future:
        """Run ``fn(*args)`` on a worker (``heavy``: on the one long-job thread);
        :class:`Busy` if the queue is full."""
        if not self.slots.acquire(blocking=False):
            raise Busy("the server is busy; try again in a minute")
        try:
            fut = (self.heavy if heavy else self.pool).submit(fn, *args)
        except BaseException:
            self.slots.release()
            raise
        fut.add_done_callback(lambda _f: self.slots.release())
        return fut

    # -- items --------------------------------------------------------------------------
    def new(self, kind: str, with_folder: bool = False) -> Item:
        self.expire()
        item = Item(secrets.token_hex(16), kind, time.time())
        if with_folder:
            item.folder = Path(tempfile.mkdtemp(prefix="job-", dir=self.root))
        with self.lock:
            self.items[item.id] = item
            while len(self.items) > limits.MAX_STORED:
                oldest = min(self.items.values(), key=lambda i: i.created)
                self._drop(oldest.id)
        return item

    def get(self, item_id: str, kind: str | None = None) -> Item | None:
        self.expire()
        with self.lock:
            item = self.items.get(item_id)
        if item is None or (kind is not None and item.kind != kind):
            return None
        return item

    def _drop(self, item_id: str) -> None:
        item = self.items.pop(item_id, None)
        if item is not None:
            item.result = None
            if item.folder is not None:
                shutil.rmtree(item.folder, ignore_errors=True)

    def expire(self, now: float | None = None) -> int:
        """Delete every item older than the time to live; returns how many."""
        now = time.time() if now is None else now
        with self.lock:
            old = [k for k, v in self.items.items()
                   if now - v.created > limits.RESULT_TTL_S and v.state != "running"]
            for k in old:
                self._drop(k)
        return len(old)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.heavy.shutdown(wait=False, cancel_futures=True)
        with self.lock:
            for k in list(self.items):
                self._drop(k)
        shutil.rmtree(self.root, ignore_errors=True)
